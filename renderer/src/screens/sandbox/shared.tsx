import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { alpha, Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography, type SxProps, type Theme } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureExport, ChaosFailure } from '../../../../main/contract/index.js';
import { mono } from '../../theme.js';

/** base64 → bytes, for .eml exports and attachments (the exact bytes, not re-encoded text). */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Saves bytes or text as a file through a temporary <a download>. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveExport(file: CaptureExport, type = file.content_type): void {
  const blob = file.encoding === 'base64' ? new Blob([base64Bytes(file.content)], { type }) : new Blob([file.content], { type });
  saveBlob(blob, file.filename);
}

/** "1.2 KB" in the console's language. */
export function formatBytes(size: number, locale: string): string {
  const units = locale.startsWith('ru') ? ['Б', 'КБ', 'МБ'] : ['B', 'KB', 'MB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

export const preSx: SxProps<Theme> = {
  ...mono,
  m: 0,
  p: 1.5,
  bgcolor: 'action.hover',
  borderRadius: 1,
  overflow: 'auto',
  maxHeight: 480,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
  '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
};

/** A scrollable block of text that keyboard users can reach and scroll. */
export function CodeBlock({ label, children, sx, testId }: { label: string; children: ReactNode; sx?: SxProps<Theme>; testId?: string }) {
  return (
    <Box component="pre" role="region" tabIndex={0} aria-label={label} sx={[preSx, ...(Array.isArray(sx) ? sx : sx ? [sx] : [])] as SxProps<Theme>} data-testid={testId}>
      {children}
    </Box>
  );
}

/** Status answered: 2xx and SMTP 2xx are success, anything else failure; none = held or still open. */
export function StatusChip({ status, kind }: { status: number | null; kind: 'smtp' | 'http' }) {
  const { t } = useTranslation('sandbox');
  if (status === null) return <Chip size="small" variant="outlined" label={t('status.none')} />;
  const ok = status >= 200 && status < 300;
  return (
    <Chip
      size="small"
      color={ok ? 'success' : 'error'}
      variant={ok ? 'outlined' : 'filled'}
      label={kind === 'smtp' ? t('status.smtp', { code: status }) : t('status.http', { code: status })}
      title={ok ? t('status.okHint') : t('status.failedHint')}
      data-testid="capture-status"
    />
  );
}

/** What chaos did to a send. */
export function InjectedChip({ injected }: { injected: ChaosFailure | null }) {
  const { t } = useTranslation('sandbox');
  if (!injected) return null;
  return (
    <Tooltip title={t(`injected.${injected}Hint`)}>
      <Chip size="small" color="warning" label={t(`injected.${injected}`)} data-testid="capture-injected" />
    </Tooltip>
  );
}

/** Name/value rows (headers, fields); `highlight` marks a row with a chip. */
export function HeadersTable({ label, rows, highlight }: { label: string; rows: [string, ReactNode][]; highlight?: { name: string; chip: string; hint: string } | null }) {
  const { t } = useTranslation('sandbox');
  return (
    <Table size="small" aria-label={label} sx={{ '& td': { verticalAlign: 'top', ...mono, wordBreak: 'break-word' } }}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ fontWeight: 600, width: '32%' }}>{t('headers.name')}</TableCell>
          <TableCell sx={{ fontWeight: 600 }}>{t('headers.value')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(([name, value], i) => {
          const marked = !!highlight && name.toLowerCase() === highlight.name.toLowerCase();
          return (
            <TableRow key={`${name}-${i}`} data-testid={marked ? 'token-header-row' : 'header-row'} sx={marked ? { '& td': { bgcolor: (th) => alpha(th.palette.warning.main, 0.14) } } : undefined}>
              <TableCell>
                {name}
                {marked && <Chip size="small" color="warning" label={highlight.chip} title={highlight.hint} sx={{ ml: 1, fontFamily: 'inherit' }} />}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** Copies text; the label turns into "Copied" for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation('sandbox');
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="small"
      startIcon={copied ? <CheckIcon /> : <ContentCopyIcon />}
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        )
      }
    >
      {copied ? t('copied') : label}
    </Button>
  );
}

/** A label over a value, in the detail headers. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'contents' }}>
      <Typography component="dt" variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-word' }}>
        {children}
      </Typography>
    </Box>
  );
}

/** A <dl> of Fields laid out as two columns. */
export function Fields({ children }: { children: ReactNode }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
      {children}
    </Box>
  );
}
