// The console's only script (served from /static, so the Content-Security-Policy allows no
// inline script): the organization switcher submits on change, and a "select all" box ticks
// every enabled box of its form named in data-select-all.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-submit-on-change]")) {
    el.form.submit();
  }
  const name = el.dataset ? el.dataset.selectAll : undefined;
  if (name) {
    for (const box of el.form.querySelectorAll(`input[name="${name}"]:not(:disabled)`)) {
      box.checked = el.checked;
    }
  }
});
