import { randomBytes } from 'node:crypto';
import { PRODUCT_NAME } from '../../notifications/notifications.service.js';
import type { CodePurpose } from '../codes/verification-code.service.js';

export interface LinkPage {
  html: string;
  /** The page's own Content-Security-Policy: its one inline script, and requests to this origin only. */
  csp: string;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** For each purpose: the page's wording, and what its button posts where. */
const VIEWS: Record<CodePurpose, { title: string; text: string; button: string; reset?: true }> = {
  signup: {
    title: 'Confirm your address',
    text: 'Confirm {who} for your new account. If you did not sign up, close this page.',
    button: 'Confirm',
  },
  email_add: {
    title: 'Confirm your e-mail address',
    text: 'Add {who} to your wallet account. If you did not ask for this, close this page.',
    button: 'Confirm',
  },
  login: {
    title: 'Sign in',
    text: 'Sign in as {who}. If you did not try to sign in, close this page.',
    button: 'Sign in',
  },
  password_reset: {
    title: 'Set a new password',
    text: 'Choose a new password for {who}. Every signed-in device will be signed out.',
    button: 'Set password',
    reset: true,
  },
};

/**
 * The page a link opens. It spends nothing (mail scanners and link previews GET every link they see);
 * its button confirms with a POST, to /api/v1/auth/verify/ or, for a reset, to password/reset/confirm/.
 */
export function renderLinkPage(token: string, link: { purpose: CodePurpose; destination: string } | null): LinkPage {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  if (!link) {
    return {
      csp,
      html: page(nonce, 'Link expired', '<p>This link is invalid, expired or already used. Ask for a new one.</p>'),
    };
  }
  const view = VIEWS[link.purpose];
  const who = `<strong>${escape(link.destination)}</strong>`;
  const fields = view.reset
    ? '<label>New password <input id="p1" type="password" autocomplete="new-password" required></label>' +
      '<label>Repeat it <input id="p2" type="password" autocomplete="new-password" required></label>'
    : '';
  const body =
    `<p>${view.text.replace('{who}', who)}</p><form id="f">${fields}<button type="submit">${view.button}</button></form>` +
    `<p id="out" role="status"></p>`;
  // The token and identifier travel as JSON data, never spliced into script text.
  const data = JSON.stringify({ token, identifier: link.destination, reset: Boolean(view.reset) }).replace(
    /</g,
    '\\u003c',
  );
  const script = `
const d = JSON.parse(document.getElementById('d').textContent);
const out = document.getElementById('out');
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  e.submitter.disabled = true;
  const body = d.reset
    ? { identifier: d.identifier, code: d.token, new_password: document.getElementById('p1').value,
        confirm_password: document.getElementById('p2').value }
    : { token: d.token };
  const res = await fetch(d.reset ? '/api/v1/auth/password/reset/confirm/' : '/api/v1/auth/verify/', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (res.ok) out.textContent = json.access ? 'You are signed in. Return to the app.' : (json.message || 'Done.');
  else { out.textContent = json.message || 'Something went wrong.'; e.submitter.disabled = false; }
});`;
  return {
    csp,
    html: page(
      nonce,
      view.title,
      `${body}<script type="application/json" id="d">${data}</script><script nonce="${nonce}">${script}</script>`,
    ),
  };
}

function page(nonce: string, title: string, content: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
    `<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${PRODUCT_NAME}: ${title}</title><style nonce="${nonce}">body{font-family:system-ui,sans-serif;` +
    `max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}input{width:100%}` +
    `button{margin-top:1rem;padding:.5rem 1rem}</style></head><body><h1>${PRODUCT_NAME}: ${title}</h1>${content}</body></html>`
  );
}
