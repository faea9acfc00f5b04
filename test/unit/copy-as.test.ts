import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asCurl, asJson } from '../../renderer/src/screens/copyAs.js';

/** The argv a POSIX shell makes of the command, with `curl` swapped for a printer. */
function argvOf(command: string): string[] {
  const printed = execFileSync('sh', ['-c', command.replace(/^curl /, `printf '%s\\0' `)], { encoding: 'utf8' });
  return printed.split('\0').slice(0, -1);
}

const preview = {
  kind: 'http' as const,
  method: 'POST',
  url: 'https://siem.example.com/hooks/herald?tenant=a&x=1',
  headers: { 'Content-Type': 'application/json', 'X-Herald-Authentication': 'siem••••••••', 'X-Note': "it's $HOME `id`" },
  body: JSON.stringify({ events: [{ trigger: 'sca_policy_has_been_triggered', payload: { project_name: "O'Reilly app", note: 'line1\nline2 $(rm -rf /)' } }] }),
};

describe('copy a delivery preview', () => {
  it('as curl: the shell hands curl exactly the method, URL, headers and body, whatever they contain', () => {
    const argv = argvOf(asCurl(preview));
    expect(argv).toEqual([
      '-X',
      'POST',
      preview.url,
      '-H',
      'Content-Type: application/json',
      '-H',
      'X-Herald-Authentication: siem••••••••',
      '-H',
      "X-Note: it's $HOME `id`",
      '--data-raw',
      preview.body,
    ]);
  });

  it('as curl: a pretty-printed JSON body goes out compact, as Herald sends it', () => {
    const pretty = { ...preview, body: JSON.stringify(JSON.parse(preview.body), null, 2) };
    expect(argvOf(asCurl(pretty)).at(-1)).toBe(preview.body);
  });

  it('as curl: no --data-raw for an empty body', () => {
    expect(argvOf(asCurl({ ...preview, method: 'GET', body: '' }))).toEqual(['-X', 'GET', preview.url, '-H', 'Content-Type: application/json', '-H', 'X-Herald-Authentication: siem••••••••', '-H', "X-Note: it's $HOME `id`"]);
  });

  it('as JSON: a request with its body parsed, and other previews without their kind', () => {
    expect(JSON.parse(asJson(preview))).toEqual({ method: 'POST', url: preview.url, headers: preview.headers, body: JSON.parse(preview.body) });
    expect(JSON.parse(asJson({ ...preview, body: 'not json' })).body).toBe('not json');
    expect(JSON.parse(asJson({ kind: 'jira', project_key: 'SEC', issue_type: 'Bug', fingerprint: 'abc', fields: { summary: 'x' } }))).toEqual({ project_key: 'SEC', issue_type: 'Bug', fingerprint: 'abc', fields: { summary: 'x' } });
  });
});
