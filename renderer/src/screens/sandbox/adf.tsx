import { Box, Link, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { mono } from '../../theme.js';

/** A node of Atlassian Document Format, as Jira Cloud stores descriptions and comments. */
export interface AdfNode {
  type?: string;
  text?: string;
  content?: AdfNode[];
  marks?: { type?: string; attrs?: Record<string, unknown> }[];
  attrs?: Record<string, unknown>;
}

const isNode = (value: unknown): value is AdfNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Only http(s) and mailto links become links; anything else (javascript:, data:) stays text. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function withMarks(text: string, marks: AdfNode['marks'], key: string): ReactNode {
  let node: ReactNode = text;
  for (const [i, mark] of (marks ?? []).entries()) {
    const k = `${key}-m${i}`;
    switch (mark.type) {
      case 'strong':
        node = <strong key={k}>{node}</strong>;
        break;
      case 'em':
        node = <em key={k}>{node}</em>;
        break;
      case 'code':
        node = (
          <Box component="code" key={k} sx={{ ...mono, px: 0.5, borderRadius: 0.5, bgcolor: 'action.hover' }}>
            {node}
          </Box>
        );
        break;
      case 'strike':
        node = <s key={k}>{node}</s>;
        break;
      case 'underline':
        node = <u key={k}>{node}</u>;
        break;
      case 'link': {
        const href = safeHref(mark.attrs?.href);
        if (href)
          node = (
            <Link key={k} href={href} target="_blank" rel="noreferrer">
              {node}
            </Link>
          );
        break;
      }
      default:
        break;
    }
  }
  return node;
}

function children(node: AdfNode, key: string): ReactNode[] {
  return (node.content ?? []).filter(isNode).map((child, i) => renderNode(child, `${key}.${i}`));
}

function renderNode(node: AdfNode, key: string): ReactNode {
  switch (node.type) {
    case 'doc':
      return <Box key={key}>{children(node, key)}</Box>;
    case 'paragraph':
      return (
        <Typography key={key} variant="body2" component="p" sx={{ my: 1 }}>
          {children(node, key)}
        </Typography>
      );
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 3));
      // Headings inside an issue sit under the detail's own h2/h3: keep the outline below them.
      const tag = `h${Math.min(6, level + 3)}` as 'h4' | 'h5' | 'h6';
      return (
        <Typography key={key} component={tag} variant="subtitle2" sx={{ mt: 1.5, mb: 0.5, fontSize: level <= 2 ? '1rem' : undefined }}>
          {children(node, key)}
        </Typography>
      );
    }
    case 'text':
      return <span key={key}>{withMarks(node.text ?? '', node.marks, key)}</span>;
    case 'hardBreak':
      return <br key={key} />;
    case 'bulletList':
      return (
        <Box component="ul" key={key} sx={{ my: 1, pl: 3 }}>
          {children(node, key)}
        </Box>
      );
    case 'orderedList':
      return (
        <Box component="ol" key={key} start={Number(node.attrs?.order) || undefined} sx={{ my: 1, pl: 3 }}>
          {children(node, key)}
        </Box>
      );
    case 'listItem':
      return (
        <Box component="li" key={key} sx={{ '& > p': { my: 0.25 } }}>
          {children(node, key)}
        </Box>
      );
    case 'codeBlock':
      return (
        <Box component="pre" key={key} sx={{ ...mono, my: 1, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {(node.content ?? []).map((c) => c.text ?? '').join('')}
        </Box>
      );
    case 'blockquote':
      return (
        <Box component="blockquote" key={key} sx={{ my: 1, mx: 0, pl: 1.5, borderLeft: 3, borderColor: 'divider', color: 'text.secondary' }}>
          {children(node, key)}
        </Box>
      );
    case 'rule':
      return <Box component="hr" key={key} sx={{ border: 0, borderTop: 1, borderColor: 'divider', my: 1.5 }} />;
    case 'table':
      return (
        <Table key={key} size="small" sx={{ my: 1, '& td, & th': { border: 1, borderColor: 'divider', verticalAlign: 'top' }, '& p': { my: 0 } }}>
          <TableBody>{children(node, key)}</TableBody>
        </Table>
      );
    case 'tableRow':
      return <TableRow key={key}>{children(node, key)}</TableRow>;
    case 'tableHeader':
      return (
        <TableCell key={key} component="th" scope="col" sx={{ fontWeight: 600 }}>
          {children(node, key)}
        </TableCell>
      );
    case 'tableCell':
      return <TableCell key={key}>{children(node, key)}</TableCell>;
    case 'mention':
    case 'emoji':
    case 'status':
    case 'date': {
      const label = node.attrs?.text ?? node.attrs?.shortName ?? node.attrs?.timestamp;
      return <span key={key}>{typeof label === 'string' || typeof label === 'number' ? String(label) : ''}</span>;
    }
    default:
      // Unknown nodes (panels, media, expand …): keep what they say.
      if (node.content) return <Box key={key}>{children(node, key)}</Box>;
      return node.text ? <span key={key}>{withMarks(node.text, node.marks, key)}</span> : null;
  }
}

/** Renders an ADF document (or any ADF node) as React nodes; never HTML from strings. */
export function Adf({ doc }: { doc: unknown }) {
  if (!isNode(doc)) return null;
  return <>{renderNode(doc, 'adf')}</>;
}

/** The plain text of an ADF document (for summaries and tests). */
export function adfText(doc: unknown): string {
  if (!isNode(doc)) return '';
  if (doc.type === 'text') return doc.text ?? '';
  if (doc.type === 'hardBreak') return '\n';
  const inner = (doc.content ?? []).filter(isNode).map(adfText).join('');
  return ['paragraph', 'heading', 'listItem', 'codeBlock', 'tableRow'].includes(doc.type ?? '') ? `${inner}\n` : inner;
}
