import type { DeliveryPreview } from '../../../main/contract/index.js';

/** POSIX single quotes: nothing inside is special except the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The HTTP request a delivery would send, as a curl command to paste into a terminal or a ticket.
 * Secrets stay masked as the preview shows them: whoever runs it puts the real token in.
 */
export function asCurl(preview: Extract<DeliveryPreview, { kind: 'http' }>): string {
  const lines = [`curl -X ${preview.method} ${shellQuote(preview.url)}`];
  for (const [name, value] of Object.entries(preview.headers)) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  if (preview.body !== '') lines.push(`  --data-raw ${shellQuote(compactJson(preview.body))}`);
  return lines.join(' \\\n');
}

/** The preview pretty-prints JSON bodies for reading; Herald sends them compact, and so does the copy. */
function compactJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body;
  }
}

/** Any preview as pretty JSON: the request, the email or the Jira fields, exactly as shown. */
export function asJson(preview: DeliveryPreview): string {
  if (preview.kind === 'http') {
    let body: unknown = preview.body;
    try {
      body = JSON.parse(preview.body);
    } catch {
      // Not JSON: keep the text.
    }
    return JSON.stringify({ method: preview.method, url: preview.url, headers: preview.headers, body }, null, 2);
  }
  const { kind: _kind, ...rest } = preview;
  return JSON.stringify(rest, null, 2);
}
