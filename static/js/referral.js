// Referral sheet: the print button (the sheet itself is plain HTML with print CSS).
document.getElementById("print-button").addEventListener("click", () => window.print());
