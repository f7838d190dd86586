// Referral sheet: the print button, and the share links, whose text (the sheet's short line in the client's language
// and the client page's link) is composed here in the browser: it goes to the messaging app, never to our server.
document.getElementById("print-button")?.addEventListener("click", () => window.print());

const share = document.querySelector("[data-share-text]");
if (share) {
  const text = `${share.dataset.shareText}\n${share.dataset.shareUrl}`;
  const body = encodeURIComponent(text);
  const hrefs = {
    sms: `sms:?&body=${body}`,
    whatsapp: `https://wa.me/?text=${body}`,
    viber: `viber://forward?text=${body}`,
    email: `mailto:?subject=${encodeURIComponent(share.dataset.shareText)}&body=${body}`,
  };
  for (const link of share.querySelectorAll("[data-share]")) {
    link.href = hrefs[link.dataset.share];
    link.rel = "noreferrer";
  }
}
