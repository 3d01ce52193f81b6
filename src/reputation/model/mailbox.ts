/** Providers known to ignore dots in the local part (and to treat the two domains as one). */
const DOTLESS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The inbox an e-mail address delivers to, so that aliases of one inbox compare equal: lower case, any
 * `+tag` dropped, and for Gmail the dots too (`j.doe+1@gmail.com` and `jdoe@googlemail.com` are one inbox).
 * Several accounts verified through one inbox are one person's, however many addresses they show.
 */
export function canonicalMailbox(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
