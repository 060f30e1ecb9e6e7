// Every htmx request carries the page's CSRF token; the server refuses state changes without it.
document.addEventListener('htmx:configRequest', function (e) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    e.detail.headers['X-CSRF-Token'] = meta.content;
  }
});
// Buttons that delete or overwrite ask first (data-confirm="..."), without inline script.
document.addEventListener('submit', function (e) {
  var form = e.target;
  var message = form.getAttribute && form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    e.preventDefault();
  }
});
