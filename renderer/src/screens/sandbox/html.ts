/** Blocks every remote load (tracking pixels, fonts, scripts) in a captured email's HTML: only inline styles and data: images. */
export const EMAIL_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** The HTML with the CSP meta first in <head> (after the doctype, so the page keeps standards mode). */
export function withCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${EMAIL_CSP}">`;
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  if (doctype) return `${doctype[0]}<head>${meta}</head>${html.slice(doctype[0].length)}`;
  return meta + html;
}
