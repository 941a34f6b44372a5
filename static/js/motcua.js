// Behaviour the pages need, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts: a <select data-autosubmit> submits its form when it changes.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});

// A form marked data-reset-after empties itself once its HTMX request succeeded (the
// assistant's question box), and the newest answer is scrolled into view.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target.closest && event.target.closest("form[data-reset-after]");
  if (form && event.detail.successful) {
    form.reset();
    var last = document.querySelector("#conversation > :last-child");
    if (last) { last.scrollIntoView({block: "nearest"}); }
  }
});

// A checkbox marked data-check-all="<name>" ticks or unticks every box of that name in its form
// (the counter's "Received, to send on" list).
document.addEventListener("change", function (event) {
  var all = event.target;
  if (!all.matches("input[data-check-all]") || !all.form) { return; }
  all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.checkAll + '"]')
    .forEach(function (box) { box.checked = all.checked; });
});

// "Too many requests" (429) comes with a page part that says so and when to try again (the
// assistant's limit): htmx leaves error answers out unless told, so show that one.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
