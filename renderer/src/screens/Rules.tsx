import AddIcon from '@mui/icons-material/Add';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  IconButton,
  Paper,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { catalogue, type Integration, type Rule, type RuleInput } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { describeCondition } from './ConditionsEditor.js';
import { RuleForm } from './RuleForm.js';
import { actionSummary, KindIcon } from './kinds.js';

/** A trigger's title from the catalogue, in the console's language. */
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title[i18n.language === 'ru' ? 'ru' : 'en'] ?? name;

/** What an action does, in a few words: "Corporate SMTP → 2 recipients · scan digest". */
export function describeAction(action: Rule['actions'][number], integrations: Integration[] | undefined): string {
  const integration = integrations?.find((i) => i.id === action.integration_id);
  const name = integration?.name ?? i18n.t('rules:summary.deletedIntegration');
  const summary = integration ? actionSummary(integration.kind, action.params) : null;
  return summary ? `${name} → ${summary}` : name;
}

const SHOWN_TRIGGERS = 3;

/** Routing rules: which events go where (the seeds' policy Actions). */
export function Rules() {
  const { t } = useTranslation(['rules', 'common']);
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => call('rules.list', {}) });
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['rules'] });
  const toggle = useMutation({
    mutationFn: (rule: Rule) => call('rules.update', { id: rule.id, input: { ...toInput(rule), is_active: !rule.is_active } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (rule: Rule) => call('rules.delete', { id: rule.id }),
    onSuccess: () => setDeleting(null),
    onSettled: refresh,
  });
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <Box>
      <Stack direction="row" alignItems="flex-start" spacing={2} sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">{t('list.title')}</Typography>
          <Typography color="text.secondary">{t('list.intro')}</Typography>
        </Box>
        {!!rules.data?.length && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} sx={{ flexShrink: 0 }}>
            {t('list.create')}
          </Button>
        )}
      </Stack>
      {rules.error && <Alert severity="error">{t('list.loadFailed', { message: translateMessage(rules.error.message) })}</Alert>}
      {toggle.error && (
        <Alert severity="error" onClose={() => toggle.reset()} sx={{ mb: 2 }}>
          {t('list.toggleFailed', { message: translateMessage(toggle.error.message) })}
        </Alert>
      )}
      {rules.isPending && <CircularProgress aria-label={t('list.loading')} />}
      {rules.data?.length === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="rules-empty">
          <AltRouteIcon color="primary" sx={{ fontSize: 40 }} />
          <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
            {t('list.empty.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 620, mx: 'auto' }}>
            <Trans t={t} i18nKey="list.empty.body" values={{ example: titleOf('sca_policy_has_been_triggered') }} components={{ em: <em /> }} />
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1, mb: 2, maxWidth: 620, mx: 'auto' }}>
            {t('list.empty.emailAndJira')}
          </Typography>
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>
            {t('list.create')}
          </Button>
        </Paper>
      )}
      {!!rules.data?.length && (
        <Paper variant="outlined">
          <Table aria-label={t('list.table.label')}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 72 }}>{t('list.table.active')}</TableCell>
                <TableCell>{t('list.table.rule')}</TableCell>
                <TableCell>{t('list.table.events')}</TableCell>
                <TableCell>{t('list.table.projects')}</TableCell>
                <TableCell>{t('list.table.actions')}</TableCell>
                <TableCell align="right" sx={{ width: 104 }}>
                  <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                    {t('list.table.rowActions')}
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rules.data.map((rule) => (
                <TableRow key={rule.id} data-testid="rule-row" hover sx={{ verticalAlign: 'top', opacity: rule.is_active ? 1 : 0.75 }}>
                  <TableCell>
                    <Switch
                      checked={rule.is_active}
                      disabled={toggle.isPending && toggle.variables?.id === rule.id}
                      onChange={() => toggle.mutate(rule)}
                      slotProps={{ input: { 'aria-label': t('list.activeSwitch', { name: rule.name }) } }}
                    />
                  </TableCell>
                  <TableCell sx={{ pt: 2.25, minWidth: 160 }}>
                    <Typography sx={{ fontWeight: 600 }}>{rule.name}</Typography>
                    {!rule.is_active && (
                      <Typography variant="caption" color="text.secondary">
                        {t('list.off')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ maxWidth: 380, pt: 2 }}>
                    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                      {rule.triggers.slice(0, SHOWN_TRIGGERS).map((name) => (
                        <Chip key={name} size="small" label={titleOf(name)} />
                      ))}
                      {rule.triggers.length > SHOWN_TRIGGERS && (
                        <Tooltip title={rule.triggers.slice(SHOWN_TRIGGERS).map(titleOf).join(', ')}>
                          <Chip size="small" variant="outlined" label={`+${rule.triggers.length - SHOWN_TRIGGERS}`} tabIndex={0} />
                        </Tooltip>
                      )}
                    </Stack>
                  </TableCell>
                  <TableCell sx={{ maxWidth: 260, pt: 2 }}>
                    {rule.projects.length ? (
                      <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                        {rule.projects.map((p) => (
                          <Chip key={p} size="small" variant="outlined" label={p} />
                        ))}
                      </Stack>
                    ) : (
                      <Typography variant="body2" color="text.secondary" sx={{ pt: 0.25 }}>
                        {t('list.allProjects')}
                      </Typography>
                    )}
                    {rule.conditions.length > 0 && (
                      <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" sx={{ mt: 0.75 }} data-testid="rule-conditions" aria-label={t('list.conditions')}>
                        {rule.conditions.map((c, i) => (
                          <Chip key={i} size="small" variant="outlined" color="secondary" label={describeCondition(c)} sx={{ fontFamily: 'monospace' }} />
                        ))}
                      </Stack>
                    )}
                  </TableCell>
                  <TableCell sx={{ pt: 2 }}>
                    <Stack spacing={0.75}>
                      {rule.actions.map((a, i) => {
                        const target = integrations.data?.find((x) => x.id === a.integration_id);
                        return (
                          <Stack key={i} direction="row" spacing={1} alignItems="flex-start" data-testid="rule-action-summary">
                            <Box sx={{ pt: 0.25, display: 'flex' }}>{target ? <KindIcon kind={target.kind} fontSize="small" /> : <WarningAmberIcon fontSize="small" color="warning" titleAccess={t('list.missingIntegration')} />}</Box>
                            <Box>
                              <Typography variant="body2">{describeAction(a, integrations.data)}</Typography>
                              {a.fallback && (
                                <Typography variant="caption" color="text.secondary" component="div" data-testid="rule-fallback-summary">
                                  {t('summary.fallback', {
                                    name: integrations.data?.find((x) => x.id === a.fallback!.integration_id)?.name ?? t('summary.deletedIntegration'),
                                    after: a.fallback.after_minutes % 60 === 0 ? t('summary.hours', { count: a.fallback.after_minutes / 60 }) : t('summary.minutes', { count: a.fallback.after_minutes }),
                                  })}
                                </Typography>
                              )}
                              {target && !target.is_active && (
                                <Typography variant="caption" color="warning.main" component="div">
                                  {t('list.targetInactive', { name: target.name })}
                                </Typography>
                              )}
                            </Box>
                          </Stack>
                        );
                      })}
                    </Stack>
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', pt: 1.25 }}>
                    <Tooltip title={t('common:actions.edit')}>
                      <IconButton aria-label={t('list.edit', { name: rule.name })} onClick={() => setEditing(rule)}>
                        <EditOutlinedIcon />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title={t('common:actions.delete')}>
                      <IconButton aria-label={t('list.delete', { name: rule.name })} onClick={() => setDeleting(rule)}>
                        <DeleteOutlineIcon />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {editing && <RuleForm existing={editing === 'new' ? undefined : editing} integrations={integrations.data ?? []} onClose={() => setEditing(null)} />}
      <Dialog open={!!deleting} onClose={closeDelete} aria-labelledby="delete-rule-title" data-testid="delete-rule-dialog">
        <DialogTitle id="delete-rule-title">{t('deleteDialog.title', { name: deleting?.name ?? '' })}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {t('deleteDialog.body', {
              targets: deleting ? deleting.actions.map((a) => integrations.data?.find((i) => i.id === a.integration_id)?.name ?? t('deleteDialog.deletedIntegration')).join(', ') : '',
            })}
          </DialogContentText>
          {remove.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {translateMessage(remove.error.message) || t('common:errors.generic')}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={closeDelete}>{t('common:actions.cancel')}</Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
            {t('common:actions.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

export function toInput(rule: Rule): RuleInput {
  return { name: rule.name, is_active: rule.is_active, triggers: rule.triggers, projects: rule.projects, conditions: rule.conditions, actions: rule.actions };
}
