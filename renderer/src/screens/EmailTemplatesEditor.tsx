import RestartAltIcon from '@mui/icons-material/RestartAlt';
import EditNoteIcon from '@mui/icons-material/EditNote';
import {
  Alert,
  Autocomplete,
  Badge,
  Box,
  Button,
  Chip,
  CircularProgress,
  Stack,
  Tab,
  Tabs,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { get, useWatch, type UseFormReturn } from 'react-hook-form';
import type { PolicyDraft } from './DeliveryPolicyFields.js';
import type { z } from 'zod';
import { AREAS, catalogue, type EmailInputSchema, type EmailTemplate, type EmailTemplateKind, type TemplatePreview } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { useDebounced } from '../useDebounced.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';

/** The email form's values; the delivery policy is edited as a draft there (DeliveryPolicyFields). */
type FormValues = Omit<z.input<typeof EmailInputSchema>, 'policy'> & { policy: PolicyDraft };
export type Part = keyof EmailTemplate;
type Issue = { path: string; message: string };

/** The three parts; each one's label is email:templates.parts.<part>. */
const PARTS: { part: Part; rows: number }[] = [
  { part: 'subject', rows: 1 },
  { part: 'html', rows: 12 },
  { part: 'text', rows: 8 },
];
// groupBy needs each area's triggers next to each other.
const TRIGGERS = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
const EMPTY: EmailTemplate = { subject: '', html: '', text: '' };

/** What the engine says about one kind's template: its rendering, or the parts that do not parse. */
export interface KindPreview {
  data: TemplatePreview | undefined;
  issues: Issue[];
  fetching: boolean;
  /** Failed for a reason other than the template (e.g. the server is gone). */
  failure: string | null;
}

function useKindPreview(form: UseFormReturn<FormValues>, kind: EmailTemplateKind, trigger: string): KindPreview {
  const [template, name, signature] = useWatch({ control: form.control, name: [`settings.templates.${kind}`, 'name', 'settings.signature'] });
  // ~300 ms after the last keystroke, so typing is not a request per character.
  const { t } = useTranslation('email');
  const input = useDebounced({ template: { ...EMPTY, ...template }, name: name || t('preview.unnamedIntegration'), signature: signature ?? '', trigger }, 300);
  const query = useQuery({
    queryKey: ['templates.preview', kind, input],
    queryFn: () =>
      call('templates.preview', { kind, trigger: input.trigger as never, template: input.template, integration_name: input.name, signature: input.signature }),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
  // Keep the last good rendering and the last verdict while the next one is on its way, so neither flickers.
  const [last, setLast] = useState<{ data?: TemplatePreview; issues: Issue[]; failure: string | null }>({ issues: [], failure: null });
  useEffect(() => {
    if (query.isFetching) return;
    if (query.data && !query.error) setLast({ data: query.data, issues: [], failure: null });
    else if (query.error) {
      const issues = query.error instanceof ApiError ? (query.error.details?.issues ?? []).filter((i) => i.path.startsWith('template.')) : [];
      setLast((prev) => ({ ...prev, issues, failure: issues.length ? null : translateMessage(query.error.message) }));
    }
  }, [query.data, query.error, query.isFetching]);
  return { data: last.data, issues: last.issues, failure: last.failure, fetching: query.isFetching };
}

/** Both kinds are rendered, so a broken template of the kind not on screen still blocks Save. */
export function useTemplatePreviews(form: UseFormReturn<FormValues>, trigger: string): Record<EmailTemplateKind, KindPreview> {
  return { event: useKindPreview(form, 'event', trigger), digest: useKindPreview(form, 'digest', 'sca_policy_has_been_triggered') };
}

/** A Liquid snippet for a variable: lists get a loop (on one line for the subject), placeholders a real field. */
function snippetFor(name: string, oneLine: boolean): string {
  const nl = oneLine ? '' : '\n';
  if (name === 'policies') return `{% for p in policies %}${nl}{{ p.policy_name }}${oneLine ? '{% unless forloop.last %}, {% endunless %}' : ': {{ p.dependency }} {{ p.vulnerability }}'}${nl}{% endfor %}`;
  if (name.endsWith('.fields')) return `{% for f in ${name} %}${nl}{{ f.${oneLine ? 'value' : 'line'} }}${oneLine ? ' ' : nl}{% endfor %}`;
  if (name === 'event.payload.<field>') return '{{ event.payload.policy_name }}';
  if (name === 'analysis.payload.<field>') return '{{ analysis.payload.vulnerabilities_count }}';
  return `{{ ${name} }}`;
}

/**
 * The three LiquidJS parts of one kind of email. An empty part means Herald's default, which is
 * shown as the placeholder; errors come from the live preview or from the save.
 */
export function TemplateEditors({
  form,
  kind,
  onKind,
  previews,
}: {
  form: UseFormReturn<FormValues>;
  kind: EmailTemplateKind;
  onKind: (kind: EmailTemplateKind) => void;
  previews: Record<EmailTemplateKind, KindPreview>;
}) {
  const { t } = useTranslation('email');
  const { control, register, setValue, formState, getValues } = form;
  const defaults = useQuery({ queryKey: ['templates.defaults'], queryFn: () => call('templates.defaults', {}), staleTime: Infinity });
  const template = useWatch({ control, name: `settings.templates.${kind}` });
  // Where the cursor was in the last editor used, for "click a variable to insert it".
  const cursor = useRef<{ part: Part; start: number; end: number } | null>(null);
  const issueFor = (k: EmailTemplateKind, part: Part) =>
    translateMessage(
      previews[k].issues.find((i) => i.path === `template.${part}`)?.message ??
        (get(formState.errors, `settings.templates.${k}.${part}`) as { message?: string } | undefined)?.message,
    );
  const kindHasErrors = (k: EmailTemplateKind) => PARTS.some(({ part }) => !!issueFor(k, part));
  const set = (part: Part, value: string) => setValue(`settings.templates.${kind}.${part}`, value, { shouldDirty: true, shouldValidate: true });

  const insert = (name: string) => {
    const at = cursor.current ?? { part: 'html' as Part, start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };
    const current = (getValues(`settings.templates.${kind}.${at.part}`) as string | undefined) ?? '';
    const snippet = snippetFor(name, at.part === 'subject');
    const start = Math.min(at.start, current.length);
    const end = Math.min(at.end, current.length);
    set(at.part, current.slice(0, start) + snippet + current.slice(end));
    cursor.current = { part: at.part, start: start + snippet.length, end: start + snippet.length };
  };

  return (
    <Stack spacing={2.5} data-testid="templates-editor">
      <Typography variant="body2" color="text.secondary">
        <Trans
          t={t}
          i18nKey="templates.intro"
          components={{ docs: <a href="https://liquidjs.com/tutorials/intro-to-liquid.html" target="_blank" rel="noreferrer" /> }}
        />
      </Typography>
      <ToggleButtonGroup exclusive size="small" value={kind} onChange={(_e, next: EmailTemplateKind | null) => next && onKind(next)} aria-label={t('templates.whichEmail')}>
        {(['event', 'digest'] as const).map((k) => (
          <ToggleButton key={k} value={k} aria-label={kindHasErrors(k) ? t('templates.kindWithErrors', { kind: t(`templates.kinds.${k}`) }) : t(`templates.kinds.${k}`)}>
            <Badge color="error" variant="dot" invisible={!kindHasErrors(k)} sx={{ '& .MuiBadge-dot': { right: -6 } }}>
              {t(`templates.kinds.${k}`)}
            </Badge>
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Typography variant="body2" color="text.secondary" sx={{ mt: '8px !important' }}>
        {kind === 'event'
          ? t('templates.eventDescription')
          : t('templates.digestDescription')}
      </Typography>
      {PARTS.map(({ part, rows }) => {
        const label = t(`templates.parts.${part}`);
        const error = issueFor(kind, part);
        const value = template?.[part] ?? '';
        const placeholder = defaults.data?.templates[kind][part] ?? '';
        const track = (e: { target: EventTarget }) => {
          const el = e.target as HTMLInputElement | HTMLTextAreaElement;
          cursor.current = { part, start: el.selectionStart ?? value.length, end: el.selectionEnd ?? value.length };
        };
        return (
          <Box key={`${kind}.${part}`}>
            <TextField
              label={label}
              fullWidth
              multiline={rows > 1}
              minRows={rows > 1 ? rows : undefined}
              maxRows={rows > 1 ? 28 : undefined}
              {...register(`settings.templates.${kind}.${part}`)}
              placeholder={placeholder}
              slotProps={{ htmlInput: { spellCheck: false, style: { ...mono, fontSize: 12.5 }, onSelect: track, onKeyUp: track }, inputLabel: { shrink: true } }}
              error={!!error}
              helperText={error ?? (value.trim() ? t('templates.custom') : t('templates.emptyUsesDefault'))}
            />
            <Stack direction="row" spacing={1} justifyContent="flex-end">
              <Tooltip title={t('templates.editDefaultTooltip')}>
                <span>
                  <Button size="small" startIcon={<EditNoteIcon />} disabled={!defaults.data || value === placeholder} onClick={() => set(part, placeholder)}>
                    {t('templates.editDefault')}
                  </Button>
                </span>
              </Tooltip>
              <Button size="small" startIcon={<RestartAltIcon />} disabled={!value} onClick={() => set(part, '')} aria-label={t('templates.resetLabel', { part: label })}>
                {t('templates.reset')}
              </Button>
            </Stack>
          </Box>
        );
      })}
      {defaults.error && <Alert severity="warning">{t('templates.defaultsFailed', { message: translateMessage(defaults.error.message) })}</Alert>}
      {defaults.data && (
        <Box data-testid="template-variables">
          <Typography variant="subtitle2">{t('templates.variables')}</Typography>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
            {t('templates.variablesHint')}
          </Typography>
          <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'minmax(140px, max-content) 1fr', columnGap: 1.5, rowGap: 0.75, alignItems: 'baseline' }}>
            {defaults.data.variables[kind].map((v) => (
              <Box key={v.name} sx={{ display: 'contents' }}>
                <Box component="dt" sx={{ m: 0 }}>
                  <Chip size="small" variant="outlined" label={v.name} onClick={() => insert(v.name)} sx={{ ...mono, fontSize: 12, cursor: 'copy' }} aria-label={t('templates.insert', { name: v.name })} />
                </Box>
                <Typography component="dd" variant="body2" color="text.secondary" sx={{ m: 0 }}>
                  {translateMessage(v.description)}
                </Typography>
              </Box>
            ))}
          </Box>
        </Box>
      )}
    </Stack>
  );
}

/** The email as a mail client would show it, rendered by the engine itself: what you see is what is sent. */
export function TemplatePreviewPanel({
  kind,
  preview,
  trigger,
  onTrigger,
  from,
}: {
  kind: EmailTemplateKind;
  preview: KindPreview;
  trigger: string;
  onTrigger: (trigger: string) => void;
  from: string;
}) {
  const { t } = useTranslation('email');
  const language = i18n.language === 'ru' ? 'ru' : 'en';
  const [view, setView] = useState<'html' | 'text'>('html');
  const data = preview.data;
  return (
    <Stack spacing={1.5} sx={{ height: '100%', minHeight: 0 }} data-testid="template-preview">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ minHeight: 40 }}>
        <Typography variant="h3" component="h2" sx={{ flex: 1 }}>
          {t('preview.title', { kind: t(`templates.kinds.${kind}`) })}
        </Typography>
        {preview.fetching && <CircularProgress size={16} aria-label={t('preview.rendering')} />}
      </Stack>
      {kind === 'event' ? (
        <Autocomplete
          size="small"
          options={TRIGGERS.map((x) => x.name)}
          groupBy={(n) => AREA_LABEL[TRIGGERS.find((x) => x.name === n)?.area ?? 'system']}
          getOptionLabel={(n) => TRIGGERS.find((x) => x.name === n)?.title[language] ?? n}
          value={trigger}
          disableClearable
          onChange={(_e, next) => onTrigger(next)}
          renderInput={(params) => <TextField {...params} label={t('preview.exampleEvent')} helperText={t('preview.exampleEventHelp')} />}
        />
      ) : (
        <Typography variant="body2" color="text.secondary">
          <Trans t={t} i18nKey="preview.digestSample" components={{ strong: <strong /> }} />
        </Typography>
      )}
      {preview.issues.length > 0 && (
        <Alert severity="error" data-testid="preview-errors">
          {t('preview.errors', { count: preview.issues.length })}
        </Alert>
      )}
      {preview.failure && <Alert severity="warning">{t('preview.unavailable', { message: preview.failure })}</Alert>}
      {data && (
        <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper', display: 'flex', flexDirection: 'column', flex: 1, minHeight: 420, overflow: 'hidden' }}>
          <Box component="dl" sx={{ m: 0, px: 1.5, py: 1, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 1.5, rowGap: 0.25, borderBottom: 1, borderColor: 'divider' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('preview.from')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-all' }}>
              {from}
            </Typography>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('preview.subject')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 600 }} data-testid="preview-subject">
              {data.subject}
            </Typography>
          </Box>
          <Tabs value={view} onChange={(_e, next: 'html' | 'text') => setView(next)} sx={{ minHeight: 36, px: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Tab value="html" label={t('preview.html')} sx={{ minHeight: 36 }} />
            <Tab value="text" label={t('preview.text')} sx={{ minHeight: 36 }} />
          </Tabs>
          {view === 'html' ? (
            // sandbox="" : no scripts, forms, navigation or same-origin access, whatever the template contains.
            <Box component="iframe" title={t('preview.htmlPart')} sandbox="" srcDoc={data.html} sx={{ flex: 1, width: '100%', minHeight: 380, border: 0, bgcolor: '#fff' }} />
          ) : (
            <Box component="pre" aria-label={t('preview.textPart')} tabIndex={0} sx={{ ...mono, flex: 1, m: 0, p: 1.5, whiteSpace: 'pre-wrap', wordBreak: 'break-word', overflow: 'auto' }}>
              {data.text}
            </Box>
          )}
        </Box>
      )}
      {!data && !preview.failure && preview.fetching && <Typography color="text.secondary">{t('preview.renderingShort')}</Typography>}
    </Stack>
  );
}
