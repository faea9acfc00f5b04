import BoltIcon from '@mui/icons-material/Bolt';
import {
  Alert,
  AlertTitle,
  Box,
  Chip,
  Button,
  CircularProgress,
  InputAdornment,
  Link,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  ListSubheader,
  MenuItem,
  Paper,
  Snackbar,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import ScienceOutlinedIcon from '@mui/icons-material/ScienceOutlined';
import SearchIcon from '@mui/icons-material/Search';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREAS, type Area, type FireResult, type TriggerName, type TriggerSummary } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { navigate } from '../App.js';
import { formatNumber } from '../format.js';
import { scrollBehavior } from '../motion.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';
import { DryRunView } from './DryRunView.js';
import { DemoDataToolbar } from './events/DemoDataToolbar.js';

/** The catalogue's titles and descriptions come in both languages: the one the console speaks. */
function useCatalogueLanguage(): 'en' | 'ru' {
  const { i18n } = useTranslation();
  return i18n.language === 'ru' ? 'ru' : 'en';
}

function useAreaLabel() {
  const { t } = useTranslation('events');
  return (area: string) => ((AREAS as readonly string[]).includes(area) ? t(`areas.${area as Area}`) : area);
}

interface JsonSchemaObject {
  properties?: Record<string, { type?: string | string[]; description?: string; enum?: unknown[] }>;
  required?: string[];
}

export function Events() {
  const { t } = useTranslation('events');
  const lang = useCatalogueLanguage();
  const areaLabel = useAreaLabel();
  const triggers = useQuery({ queryKey: ['catalogue'], queryFn: () => call('catalogue.list', {}), staleTime: Infinity });
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string>('project_sca_analysis_finished');

  const grouped = useMemo(() => {
    const q = query.trim().toLowerCase();
    // Either language finds a trigger: "finished" and "завершён" alike.
    const matches = (tr: TriggerSummary) =>
      !q || tr.name.includes(q) || [tr.title.en, tr.title.ru, tr.description.en, tr.description.ru].some((text) => text.toLowerCase().includes(q));
    const list = (triggers.data ?? []).filter(matches);
    return AREAS.map((area) => ({ area, items: list.filter((tr) => tr.area === area) })).filter((g) => g.items.length);
  }, [triggers.data, query]);
  const trigger = triggers.data?.find((tr) => tr.name === selected);
  const setEnabled = useTriggerSwitch();
  const switchTrigger = (trigger: string, enabled: boolean) => setEnabled.switchNow({ trigger, enabled });
  const off = (triggers.data ?? []).filter((tr) => !tr.enabled).length;

  return (
    <Box>
      <Typography variant="h1">{t('screen.title')}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('screen.intro')}
      </Typography>
      {triggers.error && <Alert severity="error">{t('screen.loadFailed', { message: translateMessage(triggers.error.message) })}</Alert>}
      {setEnabled.error && (
        <Alert severity="error" onClose={() => setEnabled.reset()} sx={{ mb: 2 }}>
          {t('screen.switchFailed', { trigger: setEnabled.variables?.trigger ?? '', message: translateMessage(setEnabled.error.message) })}
        </Alert>
      )}
      <ScanCard />
      {triggers.isPending && <CircularProgress aria-label={t('screen.loading')} />}
      {triggers.data && (
        <Stack direction="row" spacing={2} alignItems="flex-start">
          <Paper variant="outlined" sx={{ width: 340, flexShrink: 0, maxHeight: 'calc(100vh - 200px)', overflow: 'auto', position: 'sticky', top: 80 }}>
            <Box sx={{ p: 1.5 }}>
              <TextField
                size="small"
                fullWidth
                label={t('list.search')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
              />
            </Box>
            {off > 0 && (
              <Typography variant="caption" color="warning.main" component="div" sx={{ px: 2, pb: 1 }} data-testid="switched-off-count">
                {t('list.switchedOffCount', { count: off })}
              </Typography>
            )}
            {grouped.length === 0 && (
              <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
                {t('list.noMatch', { query: query.trim() })}
              </Typography>
            )}
            <List dense disablePadding aria-label={t('list.label')} data-testid="trigger-list">
              {grouped.map((g) => (
                <li key={g.area}>
                  <ul style={{ padding: 0 }}>
                    <ListSubheader sx={{ lineHeight: '32px' }}>{areaLabel(g.area)}</ListSubheader>
                    {g.items.map((tr) => (
                      <ListItem
                        key={tr.name}
                        disablePadding
                        data-enabled={tr.enabled}
                        secondaryAction={
                          <Tooltip disableInteractive placement="right" title={tr.enabled ? t('list.on') : t('list.off')}>
                            <Switch
                              edge="end"
                              size="small"
                              checked={setEnabled.shown(tr)}
                              onChange={(e) => switchTrigger(tr.name, e.target.checked)}
                              slotProps={{ input: { 'aria-label': t('list.sendEvents', { title: tr.title[lang] }) } }}
                            />
                          </Tooltip>
                        }
                      >
                        <ListItemButton selected={tr.name === selected} onClick={() => setSelected(tr.name)} data-testid={`trigger-${tr.name}`}>
                          <ListItemText
                            primary={tr.title[lang]}
                            secondary={tr.enabled ? tr.name : t('list.switchedOff', { name: tr.name })}
                            slotProps={{
                              primary: { sx: tr.enabled ? undefined : { color: 'text.secondary', textDecoration: 'line-through' } },
                              secondary: { sx: { ...mono, fontSize: 11, color: tr.enabled ? undefined : 'warning.main' } },
                            }}
                          />
                        </ListItemButton>
                      </ListItem>
                    ))}
                  </ul>
                </li>
              ))}
            </List>
          </Paper>
          {trigger && <TriggerDetail key={trigger.name} trigger={{ ...trigger, enabled: setEnabled.shown(trigger) }} onSwitch={(enabled) => switchTrigger(trigger.name, enabled)} />}
        </Stack>
      )}
    </Box>
  );
}

/** Switches a trigger on or off everywhere (seed 001) and updates the catalogue in place. */
function useTriggerSwitch() {
  const queryClient = useQueryClient();
  // The switch follows the click in the same event: the query cache tells its observers a tick
  // later, and until then a controlled switch snaps back to the old value.
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const mutation = useMutation({
    mutationFn: (v: { trigger: string; enabled: boolean }) => call('triggers.setEnabled', { trigger: v.trigger as TriggerName, enabled: v.enabled }),
    // The switch moves at once; a refusal puts it back (and the error shows above the catalogue).
    onMutate: (v) => set(v.trigger, v.enabled),
    onError: (_e, v) => set(v.trigger, !v.enabled),
    onSuccess: (updated) => queryClient.setQueryData<TriggerSummary[]>(['catalogue'], (list) => list?.map((t) => (t.name === updated.name ? updated : t))),
    // Once the cache holds the outcome, it decides again (this runs for every call, unlike mutate's own callbacks).
    onSettled: (_r, _e, v) =>
      setSwitching((prev) => {
        if (prev[v.trigger] !== v.enabled) return prev;
        const { [v.trigger]: _done, ...rest } = prev;
        return rest;
      }),
  });
  function set(trigger: string, enabled: boolean) {
    queryClient.setQueryData<TriggerSummary[]>(['catalogue'], (list) => list?.map((t) => (t.name === trigger ? { ...t, enabled } : t)));
  }
  return {
    ...mutation,
    switchNow: (v: { trigger: string; enabled: boolean }) => {
      setSwitching((prev) => ({ ...prev, [v.trigger]: v.enabled }));
      mutation.mutate(v);
    },
    shown: (trigger: TriggerSummary) => switching[trigger.name] ?? trigger.enabled,
  };
}

/** A whole scan in one click: started, policy alerts, finished — what the scan digest waits for. */
function ScanCard() {
  const { t } = useTranslation('events');
  const [scenario, setScenario] = useState<'project_scan' | 'image_scan'>('project_scan');
  const [subject, setSubject] = useState('payments-api');
  const [policies, setPolicies] = useState(3);
  const [blockerPercent, setBlockerPercent] = useState(33);
  const run = useMutation({ mutationFn: () => call('events.scenario', { scenario, subject: subject.trim() || undefined, policies, blocker_share: blockerPercent / 100 }) });
  const issue = run.error instanceof ApiError ? run.error.details?.issues?.[0] : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="scan-card">
      <Typography variant="h3" component="h2">
        {t('scan.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('scan.intro')}
      </Typography>
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
        sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '160px minmax(200px, 1fr) 130px 130px auto' }, gap: 2, alignItems: 'start' }}
      >
        <TextField select size="small" label={t('scan.scanOf')} value={scenario} onChange={(e) => setScenario(e.target.value as typeof scenario)}>
          <MenuItem value="project_scan">{t('scan.project')}</MenuItem>
          <MenuItem value="image_scan">{t('scan.image')}</MenuItem>
        </TextField>
        <TextField
          size="small"
          label={scenario === 'image_scan' ? t('scan.imageField') : t('scan.project')}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          placeholder={scenario === 'image_scan' ? 'registry.example.com/payments:1.4' : 'payments-api'}
          error={issue?.path === 'subject'}
          helperText={issue?.path === 'subject' ? translateMessage(issue.message) : t('scan.subjectHelp')}
        />
        <TextField
          size="small"
          type="number"
          label={t('scan.policies')}
          value={policies}
          onChange={(e) => setPolicies(Math.max(0, Math.min(50, Math.trunc(Number(e.target.value)) || 0)))}
          slotProps={{ htmlInput: { min: 0, max: 50 } }}
          error={issue?.path === 'policies'}
          helperText={issue?.path === 'policies' ? translateMessage(issue.message) : t('scan.policiesHelp', { min: formatNumber(0), max: formatNumber(50) })}
        />
        <TextField
          size="small"
          type="number"
          label={t('scan.blockers')}
          value={blockerPercent}
          onChange={(e) => setBlockerPercent(Math.max(0, Math.min(100, Math.trunc(Number(e.target.value)) || 0)))}
          slotProps={{ htmlInput: { min: 0, max: 100 }, input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } }}
          error={issue?.path === 'blocker_share'}
          helperText={
            issue?.path === 'blocker_share'
              ? translateMessage(issue.message)
              : t('scan.blockersHelp', { blocking: formatNumber(Math.round((policies * blockerPercent) / 100)), total: formatNumber(policies) })
          }
        />
        <Button type="submit" variant="contained" startIcon={<BoltIcon />} disabled={run.isPending} sx={{ height: 40 }}>
          {t('scan.run')}
        </Button>
      </Box>
      {run.data && <ScanResult results={run.data} onClose={() => run.reset()} />}
      {run.error && !issue && (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {t('scan.failed', { message: translateMessage(run.error.message) })}
        </Alert>
      )}
    </Paper>
  );
}

/** Where the scan's events went: integrations with how many events each, and the digests holding policy alerts. */
function ScanResult({ results, onClose }: { results: FireResult[]; onClose: () => void }) {
  const { t } = useTranslation('events');
  const routed = new Map<string, number>();
  for (const r of results) for (const t of r.routed_to) routed.set(t.integration_name, (routed.get(t.integration_name) ?? 0) + 1);
  const held = new Map<string, { rules: Set<string>; events: Set<string> }>();
  for (const r of results)
    for (const h of r.held_for_digest) {
      const entry = held.get(h.integration_name) ?? { rules: new Set<string>(), events: new Set<string>() };
      entry.rules.add(h.rule_name);
      entry.events.add(r.event.id);
      held.set(h.integration_name, entry);
    }
  const nothing = routed.size === 0 && held.size === 0;
  const list = (items: string[]) => items.join(', ');
  return (
    <Alert severity={nothing ? 'warning' : 'success'} sx={{ mt: 2 }} data-testid="scan-result" onClose={onClose}>
      <AlertTitle>{t('scan.fired', { count: results.length })}</AlertTitle>
      {routed.size > 0 && <div>{t('scan.routedTo', { list: list([...routed].map(([name, n]) => t('scan.routedItem', { name, events: t('scan.events', { count: n }) }))) })}</div>}
      {held.size > 0 && (
        <div>
          {t('scan.held', {
            list: list(
              [...held].map(([name, h]) =>
                t('scan.heldItem', { name, alerts: t('scan.alerts', { count: h.events.size }), rules: [...h.rules].map((r) => t('scan.quoted', { name: r })).join(', ') }),
              ),
            ),
          })}
        </div>
      )}
      {nothing && <div>{t('scan.nothing')}</div>}
      <Link href="#/log">{t('scan.openLog')}</Link>
    </Alert>
  );
}

function TriggerDetail({ trigger, onSwitch }: { trigger: TriggerSummary; onSwitch: (enabled: boolean) => void }) {
  const { t } = useTranslation('events');
  const lang = useCatalogueLanguage();
  const other = lang === 'ru' ? 'en' : 'ru';
  const areaLabel = useAreaLabel();
  const example = JSON.stringify(trigger.example, null, 2);
  const [text, setText] = useState(example);
  const [done, setDone] = useState<FireResult | null>(null);
  const schema = trigger.schema as JsonSchemaObject;
  const fields = Object.entries(schema.properties ?? {});

  let syntaxError: string | null = null;
  let payload: unknown = null;
  try {
    payload = JSON.parse(text);
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) syntaxError = t('detail.notObject');
  } catch (e) {
    syntaxError = t('detail.notJson', { message: (e as Error).message });
  }

  const fire = useMutation({
    mutationFn: () => call('events.fire', { trigger: trigger.name, payload: payload as Record<string, unknown> }),
    onSuccess: setDone,
  });
  const dryRun = useMutation({
    mutationFn: () => call('events.dryRun', { trigger: trigger.name, payload: payload as Record<string, unknown> }),
  });
  const failed = fire.error ?? dryRun.error;
  // The result sits below the payload: bring it into view once it arrives.
  const resultRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (dryRun.data) resultRef.current?.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
  }, [dryRun.data]);
  const issues = failed instanceof ApiError ? (failed.details?.issues ?? []) : [];
  const edit = (next: string) => {
    setText(next);
    // Server issues and a dry run describe the payload that was sent, not the one being typed.
    if (fire.error) fire.reset();
    if (dryRun.data || dryRun.error) dryRun.reset();
  };

  return (
    <Paper variant="outlined" sx={{ flex: 1, p: 2.5, minWidth: 0 }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h2" sx={{ flex: 1 }}>
          {trigger.title[lang]}
        </Typography>
        <Chip size="small" variant="outlined" label={areaLabel(trigger.area)} />
        <Tooltip disableInteractive title={trigger.enabled ? t('detail.switchOffHint') : t('detail.switchOnHint')}>
          <Stack direction="row" alignItems="center">
            <Switch checked={trigger.enabled} onChange={(e) => onSwitch(e.target.checked)} slotProps={{ input: { 'aria-label': t('list.sendEvents', { title: trigger.title[lang] }) } }} />
            <Typography variant="body2" color={trigger.enabled ? 'text.primary' : 'warning.main'} sx={{ minWidth: 24 }}>
              {trigger.enabled ? t('detail.on') : t('detail.off')}
            </Typography>
          </Stack>
        </Tooltip>
      </Stack>
      <Typography sx={{ ...mono }} color="text.secondary">
        {trigger.name}
      </Typography>
      <Typography sx={{ mt: 1 }}>{trigger.description[lang]}</Typography>
      {/* The seed's wording in the other language, for those who know the trigger by it. */}
      <Typography variant="body2" color="text.secondary" lang={other}>
        {trigger.description[other]}
      </Typography>
      {!trigger.enabled && (
        <Alert severity="warning" sx={{ mt: 1.5 }} data-testid="trigger-switched-off">
          {t('detail.switchedOff')}
        </Alert>
      )}

      <Typography variant="h3" component="h3" sx={{ mt: 2, mb: 1 }}>
        {t('detail.schema')}
      </Typography>
      {fields.length === 0 ? (
        <Typography color="text.secondary">{t('detail.emptyPayload')}</Typography>
      ) : (
        // A wide schema scrolls sideways: keyboard users reach it too.
        <Box sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('detail.schema')}>
          <Table size="small" aria-label={t('detail.fields')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('detail.field')}</TableCell>
                <TableCell>{t('detail.type')}</TableCell>
                <TableCell>{t('detail.required')}</TableCell>
                <TableCell>{t('detail.description')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {fields.map(([name, f]) => (
                <TableRow key={name}>
                  <TableCell sx={mono}>{name}</TableCell>
                  {/* Enums are long ("critical | high | …"): let them wrap at the bars instead of widening the table. */}
                  <TableCell sx={{ ...mono, maxWidth: 200 }}>{f.enum ? f.enum.map(String).join(' | ') : Array.isArray(f.type) ? f.type.join(' | ') : f.type}</TableCell>
                  <TableCell>{schema.required?.includes(name) ? t('detail.yes') : t('detail.no')}</TableCell>
                  <TableCell>{translateMessage(f.description)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}

      <Typography variant="h3" component="h3" sx={{ mt: 2, mb: 1 }}>
        {t('detail.payload')}
      </Typography>
      <DemoDataToolbar trigger={trigger} text={text} payload={syntaxError ? null : (payload as Record<string, unknown>)} onReplace={edit} />
      <TextField
        label={t('detail.payloadJson')}
        multiline
        fullWidth
        minRows={6}
        maxRows={18}
        value={text}
        onChange={(e) => edit(e.target.value)}
        error={!!syntaxError || issues.length > 0}
        helperText={syntaxError ?? t('detail.editHelp')}
        slotProps={{ input: { sx: mono }, htmlInput: { spellCheck: false, 'data-testid': 'payload-editor' } }}
      />
      {issues.length > 0 && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="payload-issues">
          <AlertTitle>{t('detail.issues', { trigger: trigger.name })}</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path && (
                  <Box component="code" sx={{ ...mono, fontWeight: 600 }}>
                    {i.path.replace(/^payload\.?/, '') || t('detail.payloadRoot')}
                  </Box>
                )}
                {i.path && ' — '}
                {translateMessage(i.message)}
              </li>
            ))}
          </Box>
        </Alert>
      )}
      {failed && !issues.length && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {t(fire.error ? 'detail.fireFailed' : 'detail.dryRunFailed', { message: translateMessage(failed.message) })}
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button data-testid="fire-button" variant="contained" startIcon={<BoltIcon />} disabled={!!syntaxError || fire.isPending} onClick={() => (dryRun.reset(), fire.mutate())}>
          {t('detail.fire')}
        </Button>
        <Tooltip disableInteractive title={t('detail.dryRunHint')}>
          <span>
            <Button data-testid="dry-run-button" variant="outlined" startIcon={<ScienceOutlinedIcon />} disabled={!!syntaxError || dryRun.isPending} onClick={() => (fire.reset(), dryRun.mutate())}>
              {t('detail.dryRun')}
            </Button>
          </span>
        </Tooltip>
        <Button onClick={() => edit(example)} disabled={text === example}>
          {t('detail.reset')}
        </Button>
      </Stack>
      {dryRun.isPending && <CircularProgress size={24} sx={{ mt: 2 }} aria-label={t('detail.running')} />}
      {dryRun.data && (
        <Paper variant="outlined" sx={{ mt: 2, p: 2 }} component="section" aria-label={t('detail.dryRunResult')} ref={resultRef}>
          <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
            <Typography variant="h3" component="h3" sx={{ flex: 1 }}>
              {t('detail.dryRun')}
            </Typography>
            <Button size="small" onClick={() => dryRun.reset()}>
              {t('actions.close', { ns: 'common' })}
            </Button>
          </Stack>
          <DryRunView result={dryRun.data} />
        </Paper>
      )}

      <Snackbar open={!!done} autoHideDuration={8000} onClose={() => setDone(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        {done ? (
          done.switched_off ? (
            <Alert severity="warning" onClose={() => setDone(null)} variant="filled" data-testid="fire-switched-off">
              {t('fired.switchedOff', { title: trigger.title[lang] })}{' '}
              <Link color="inherit" href="#/log">
                {t('fired.seeLog')}
              </Link>
            </Alert>
          ) : done.routed_to.length ? (
            <Alert severity="success" onClose={() => setDone(null)} variant="filled">
              {t('fired.routed', { count: done.routed_to.length, names: done.routed_to.map((r) => r.integration_name).join(', ') })}{' '}
              <Link color="inherit" href="#/log">
                {t('fired.watchLog')}
              </Link>
            </Alert>
          ) : (
            <Alert severity="warning" onClose={() => setDone(null)} variant="filled">
              {t('fired.nobody')}{' '}
              <Link component="button" color="inherit" onClick={() => navigate('integrations')}>
                {t('fired.openIntegrations')}
              </Link>
            </Alert>
          )
        ) : (
          <span />
        )}
      </Snackbar>
    </Paper>
  );
}
