import AttachFileIcon from '@mui/icons-material/AttachFile';
import DownloadIcon from '@mui/icons-material/Download';
import SendIcon from '@mui/icons-material/Send';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapturedEmail } from '../../../../main/contract/index.js';
import { call } from '../../api.js';
import { formatTime } from '../../format.js';
import { currentLocale } from '../../i18n/index.js';
import { translateMessage } from '../../i18n/validation.js';
import { mono } from '../../theme.js';
import { withCsp } from './html.js';
import { base64Bytes, CodeBlock, Field, Fields, formatBytes, HeadersTable, InjectedChip, saveBlob, saveExport, StatusChip } from './shared.js';

type TabId = 'html' | 'text' | 'headers' | 'source' | 'attachments';

export function EmailView({ capture }: { capture: CapturedEmail }) {
  const { t } = useTranslation(['sandbox', 'common']);
  const [tab, setTab] = useState<TabId>(capture.html ? 'html' : 'text');
  const [releasing, setReleasing] = useState(false);
  const download = useMutation({
    mutationFn: () => call('sandbox.export', { id: capture.id }),
    onSuccess: (file) => saveExport(file, 'message/rfc822'),
  });
  const s = capture.session;
  const tls = s.secure ? (s.starttls ? 'STARTTLS' : 'TLS') : t('email.noTls');
  const auth = s.user ? t('email.signedInAs', { user: s.user }) : t('email.noAuth');
  const tabs: { id: TabId; label: string; disabled?: boolean }[] = [
    { id: 'html', label: t('email.tabs.html'), disabled: !capture.html },
    { id: 'text', label: t('email.tabs.text') },
    { id: 'headers', label: t('email.tabs.headers') },
    { id: 'source', label: t('email.tabs.source') },
    { id: 'attachments', label: t('email.tabs.attachments', { n: capture.attachments.length }) },
  ];
  const tabId = (id: TabId) => `email-tab-${id}`;
  const panelId = (id: TabId) => `email-panel-${id}`;

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <Typography variant="h2" sx={{ flex: 1, wordBreak: 'break-word' }}>
          {capture.subject || t('email.noSubject')}
        </Typography>
        <StatusChip status={capture.reply?.code ?? null} kind="smtp" />
        <InjectedChip injected={capture.injected} />
      </Stack>
      <Fields>
        <FieldRow label={t('email.from')} value={capture.from || capture.envelope.from} />
        <FieldRow label={t('email.to')} value={(capture.to.length ? capture.to : capture.envelope.to).join(', ')} />
        <FieldRow label={t('email.subject')} value={capture.subject || '—'} />
        <FieldRow label={t('email.date')} value={capture.date ? formatTime(capture.date) : t('email.noDate')} />
        <FieldRow label={t('email.received')} value={formatTime(capture.at)} />
        <Field label={t('email.session')}>
          <Box component="span" sx={mono} data-testid="email-session">
            {[s.transmission, tls, auth, `HELO ${s.helo}`].join(' · ')}
          </Box>
        </Field>
        <FieldRow label={t('email.envelope')} value={t('email.envelopeValue', { from: capture.envelope.from || '<>', to: capture.envelope.to.join(', ') })} />
        {capture.reply && <FieldRow label={t('email.reply')} value={`${capture.reply.code} ${capture.reply.message}`} />}
      </Fields>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
        <Button variant="outlined" size="small" startIcon={<DownloadIcon />} onClick={() => download.mutate()} disabled={download.isPending}>
          {t('email.downloadEml')}
        </Button>
        <Button variant="outlined" size="small" startIcon={<SendIcon />} onClick={() => setReleasing(true)}>
          {t('email.release')}
        </Button>
        <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
          {formatBytes(capture.size, currentLocale())}
        </Typography>
      </Stack>
      {download.error && (
        <Alert severity="error" onClose={() => download.reset()}>
          {t('email.downloadFailed', { message: translateMessage(download.error.message) })}
        </Alert>
      )}

      <Box>
        <Tabs value={tab} onChange={(_e, v: TabId) => setTab(v)} aria-label={t('email.tabsLabel')} variant="scrollable" allowScrollButtonsMobile sx={{ borderBottom: 1, borderColor: 'divider' }}>
          {tabs.map((x) => (
            <Tab key={x.id} value={x.id} label={x.label} disabled={x.disabled} id={tabId(x.id)} aria-controls={panelId(x.id)} />
          ))}
        </Tabs>
        <Box role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} sx={{ pt: 1.5 }} data-testid={`email-${tab}`}>
          {tab === 'html' && capture.html && (
            <Box
              component="iframe"
              // No scripts, forms, popups or same-origin access; the CSP meta blocks remote images and fonts.
              sandbox=""
              title={t('email.htmlFrame', { subject: capture.subject })}
              srcDoc={withCsp(capture.html)}
              data-testid="email-html-frame"
              sx={{ width: '100%', height: 560, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff', display: 'block' }}
            />
          )}
          {tab === 'text' && <CodeBlock label={t('email.tabs.text')}>{capture.text || t('email.noText')}</CodeBlock>}
          {tab === 'headers' && <HeadersTable label={t('email.tabs.headers')} rows={capture.headers} />}
          {tab === 'source' && (
            <CodeBlock label={t('email.sourceLabel')} sx={{ whiteSpace: 'pre', wordBreak: 'normal', maxHeight: 560 }}>
              {capture.raw}
            </CodeBlock>
          )}
          {tab === 'attachments' &&
            (capture.attachments.length === 0 ? (
              <Typography color="text.secondary">{t('email.noAttachments')}</Typography>
            ) : (
              <List dense aria-label={t('email.tabs.attachments', { n: capture.attachments.length })}>
                {capture.attachments.map((a, i) => (
                  <ListItem
                    key={i}
                    secondaryAction={
                      <Button size="small" startIcon={<DownloadIcon />} onClick={() => saveBlob(new Blob([base64Bytes(a.content_base64)], { type: a.content_type }), a.filename ?? `attachment-${i + 1}`)}>
                        {t('email.download')}
                      </Button>
                    }
                  >
                    <ListItemIcon>
                      <AttachFileIcon />
                    </ListItemIcon>
                    <ListItemText primary={a.filename ?? t('email.unnamed')} secondary={`${a.content_type} · ${formatBytes(a.size, currentLocale())}`} />
                  </ListItem>
                ))}
              </List>
            ))}
        </Box>
      </Box>
      {releasing && <ReleaseDialog capture={capture} onClose={() => setReleasing(false)} />}
    </Stack>
  );
}

function FieldRow({ label, value }: { label: string; value: string }) {
  return <Field label={label}>{value}</Field>;
}

/** Sends the captured message for real through a live email integration's SMTP server. */
function ReleaseDialog({ capture, onClose }: { capture: CapturedEmail; onClose: () => void }) {
  const { t } = useTranslation(['sandbox', 'common']);
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const live = (integrations.data ?? []).filter((i) => i.kind === 'email' && i.sandbox.mode === 'live');
  const [target, setTarget] = useState('');
  const chosen = target || live[0]?.id || '';
  const release = useMutation({ mutationFn: () => call('sandbox.release', { id: capture.id, integration_id: chosen }) });
  const result = release.data;

  return (
    <Dialog open onClose={onClose} aria-labelledby="release-title" fullWidth maxWidth="sm" data-testid="release-dialog">
      <DialogTitle id="release-title">{t('release.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('release.body', { subject: capture.subject, to: capture.envelope.to.join(', ') })}</DialogContentText>
        {integrations.data && live.length === 0 ? (
          <Alert severity="info">
            {t('release.noLive')}{' '}
            <Link href="#/integrations" onClick={onClose}>
              {t('release.openIntegrations')}
            </Link>
          </Alert>
        ) : (
          <TextField select fullWidth size="small" label={t('release.through')} value={chosen} onChange={(e) => setTarget(e.target.value)} disabled={!!result}>
            {live.map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        {result && (
          <Alert severity={result.rejected.length ? 'warning' : 'success'} sx={{ mt: 2 }} data-testid="release-result">
            <AlertTitle>{result.rejected.length ? t('release.partly') : t('release.done')}</AlertTitle>
            {result.accepted.length > 0 && <div>{t('release.accepted', { list: result.accepted.join(', '), count: result.accepted.length })}</div>}
            {result.rejected.length > 0 && <div>{t('release.rejected', { list: result.rejected.join(', '), count: result.rejected.length })}</div>}
            <Box sx={{ ...mono, mt: 0.5 }}>{result.response}</Box>
          </Alert>
        )}
        {release.error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="release-error">
            {t('release.failed', { message: translateMessage(release.error.message) })}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{result ? t('common:actions.close') : t('common:actions.cancel')}</Button>
        {!result && (
          <Button variant="contained" startIcon={<SendIcon />} disabled={!chosen || release.isPending} onClick={() => release.mutate()}>
            {t('release.send')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
