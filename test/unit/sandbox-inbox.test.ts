import { describe, expect, it } from 'vitest';
import { EMAIL_CSP, withCsp } from '../../renderer/src/screens/sandbox/html.js';
import { matchesKind } from '../../renderer/src/screens/sandbox/kinds.js';

/**
 * The ADF renderer is a .tsx module: imported at run time so this file's type check (Node types, no
 * DOM or JSX) does not pull React's and MUI's DOM types into the other tests.
 */
const modules = { adf: '../../renderer/src/screens/sandbox/adf.js', react: 'react', server: 'react-dom/server' };
type Adf = {
  Adf: unknown;
  adfText(doc: unknown): string;
  safeHref(href: unknown): string | null;
};
const { Adf, adfText, safeHref } = (await import(modules.adf)) as Adf;
const { createElement } = (await import(modules.react)) as { createElement(type: unknown, props: unknown): unknown };
const { renderToStaticMarkup } = (await import(modules.server)) as { renderToStaticMarkup(element: unknown): string };

const doc = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Policy fired' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Blocker', marks: [{ type: 'strong' }] },
        { type: 'text', text: ': ' },
        { type: 'text', text: 'yes', marks: [{ type: 'em' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'log4j-core', marks: [{ type: 'code' }] },
        { type: 'text', text: ' advisory', marks: [{ type: 'link', attrs: { href: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' } }] },
        { type: 'text', text: ' bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
      ],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] },
    { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first' }] }] }] },
    { type: 'codeBlock', attrs: { language: 'json' }, content: [{ type: 'text', text: '{"a": 1}' }] },
    { type: 'rule' },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'CVE' }] }] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'CVE-2021-44228' }] }] }] },
      ],
    },
    { type: 'panel', attrs: { panelType: 'warning' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inside an unknown node' }] }] },
  ],
};

describe('sandbox inbox helpers', () => {
  it('renders ADF as elements, marks included, unknown nodes by their children, unsafe links as text', () => {
    // Without emotion's inline <style> tags and the plain <span> each text node sits in.
    const html = renderToStaticMarkup(createElement(Adf, { doc }))
      .replace(/<style[^>]*>.*?<\/style>/g, '')
      .replace(/<\/?span>/g, '');
    expect(html).toMatch(/<h5[^>]*>Policy fired<\/h5>/);
    expect(html).toContain('<strong>Blocker</strong>');
    expect(html).toContain('<em>yes</em>');
    expect(html).toMatch(/<code[^>]*>log4j-core<\/code>/);
    expect(html).toMatch(/<br\/>/);
    expect(html).toMatch(/<a [^>]*href="https:\/\/nvd.nist.gov\/vuln\/detail\/CVE-2021-44228"[^>]*rel="noreferrer"[^>]*>/);
    expect(html).not.toContain('javascript:');
    expect(html).toContain(' bad');
    expect(html).toMatch(/<ul[^>]*><li[^>]*><p[^>]*>one<\/p><\/li><\/ul>/);
    expect(html).toMatch(/<ol[^>]*><li/);
    expect(html).toMatch(/<pre[^>]*>\{&quot;a&quot;: 1\}<\/pre>/);
    expect(html).toMatch(/<hr/);
    expect(html).toMatch(/<th[^>]*scope="col"[^>]*>.*CVE.*<\/th>/);
    expect(html).toMatch(/<td[^>]*>.*CVE-2021-44228.*<\/td>/);
    expect(html).toContain('inside an unknown node');
    expect(renderToStaticMarkup(createElement(Adf, { doc: 'not a doc' }))).toBe('');
  });

  it('gives the plain text of an ADF document', () => {
    expect(adfText(doc)).toContain('Blocker: yes\nlog4j-core advisory bad\n');
  });

  it('keeps only http(s) and mailto links', () => {
    expect(safeHref('https://example.com/x')).toBe('https://example.com/x');
    expect(safeHref('mailto:a@example.com')).toBe('mailto:a@example.com');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref(42)).toBeNull();
  });

  it('puts the CSP first in <head>, keeping the doctype first', () => {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${EMAIL_CSP}">`;
    expect(withCsp('<!doctype html><html><head><title>x</title></head><body>hi</body></html>')).toBe(`<!doctype html><html><head>${meta}<title>x</title></head><body>hi</body></html>`);
    expect(withCsp('<!DOCTYPE html><p>hi</p>')).toBe(`<!DOCTYPE html><head>${meta}</head><p>hi</p>`);
    expect(withCsp('<p>hi</p>')).toBe(`${meta}<p>hi</p>`);
    expect(withCsp('<header>x</header>')).toBe(`${meta}<header>x</header>`);
  });

  it('lists Jira requests only when asked for', () => {
    const request = { receiver: 'jira' as const, jira_type: 'request' as const };
    const issue = { receiver: 'jira' as const, jira_type: 'issue' as const };
    const email = { receiver: 'smtp' as const, jira_type: null };
    expect(matchesKind(request, 'all')).toBe(false);
    expect(matchesKind(issue, 'all')).toBe(true);
    expect(matchesKind(request, 'request')).toBe(true);
    expect(matchesKind(email, 'email')).toBe(true);
    expect(matchesKind(email, 'webhook')).toBe(false);
  });
});
