from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """The file to check: a spreadsheet (CSV, XLSX) or a zipped HSDS datapackage."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("A .csv or .xlsx spreadsheet made from the template, or a .zip HSDS datapackage."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.zip,text/csv"}),
    )
