// The narrowing controls on /alerts: which sections and places live alerts are for. The choice is kept in this
// browser (it is not a form the server handles), so the controls exist only with JavaScript and are shown from here;
// without it, the page offers webhooks and feeds instead.
const describe = (settings) => {
  const parts = [];
  if (settings.sections.length > 0) {
    parts.push(`sections: ${settings.sections.join(', ')}`);
  }
  if (settings.places.length > 0) {
    parts.push(`places: ${settings.places.join(', ')}`);
  }
  return parts.length > 0 ? `only ${parts.join('; ')}` : 'every section and place';
};

export function enhance(form, readSettings, change) {
  const places = form.querySelector('#alert-places');
  const error = form.querySelector('[data-alerts-places-error]');
  const status = form.querySelector('[data-alerts-filters-status]');
  const hint = places.getAttribute('aria-describedby');
  const settings = readSettings();
  for (const box of form.querySelectorAll('input[name="sections"]')) {
    box.checked = settings.sections.includes(box.value);
  }
  places.value = settings.places.join(', ');
  for (const note of document.querySelectorAll('[data-alerts-nojs]')) {
    note.hidden = true;
  }
  form.hidden = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const sections = [...form.querySelectorAll('input[name="sections"]:checked')].map((box) => box.value);
    const chosen = places.value.split(',').map((place) => place.split('/').map((part) => part.trim()).join('/')).filter((place) => place.length > 0);
    const wrong = chosen.find((place) => place.split('/').length > 3 || place.split('/').some((part) => part.length === 0));
    if (wrong) {
      error.textContent = `“${wrong}” is not a place: write a country, or Country/Region/District.`;
      error.hidden = false;
      places.setAttribute('aria-invalid', 'true');
      places.setAttribute('aria-describedby', `${error.id} ${hint}`);
      status.textContent = '';
      places.focus();
      return;
    }
    error.hidden = true;
    error.textContent = '';
    places.removeAttribute('aria-invalid');
    places.setAttribute('aria-describedby', hint);
    const next = { on: true, sections, places: chosen };
    change(next);
    status.textContent = `Saved. Live alerts are on, for ${describe(next)}.`;
  });
}
