// Votes on the beta board without a reload. The forms work without this module (post, redirect back to the idea);
// it only sends the same form with fetch and writes the answer into the idea. Anything unexpected falls back to the form.

const votesText = (count) => (count === 1 ? '1 vote' : `${count.toLocaleString('en')} votes`);

async function vote(form, button) {
  const response = await fetch(form.action, {
    method: 'POST',
    body: new FormData(form),
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  const type = response.headers.get('content-type') || '';
  if (!type.includes('application/json')) {
    return false;
  }
  const answer = await response.json();
  const status = form.querySelector('.vote-status');
  status.textContent = answer.message;
  if (answer.outcome === 'voted' || answer.outcome === 'already') {
    if (typeof answer.votes === 'number') {
      form.querySelector('.votes').textContent = votesText(answer.votes);
    }
    const voted = document.createElement('span');
    voted.className = 'voted';
    voted.textContent = 'You voted for this idea';
    // The button goes away: keep keyboard focus in the idea instead of dropping it to the page start.
    voted.tabIndex = -1;
    button.replaceWith(voted);
    voted.focus();
  } else {
    button.disabled = false;
  }
  return true;
}

for (const form of document.querySelectorAll('form.vote-form')) {
  form.addEventListener('submit', async (event) => {
    const button = form.querySelector('button[type=submit]');
    if (!button) {
      return;
    }
    event.preventDefault();
    button.disabled = true;
    let handled = false;
    try {
      handled = await vote(form, button);
    } catch {
      handled = false;
    }
    if (!handled) {
      form.submit();
    }
  });
}
