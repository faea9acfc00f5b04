import AddIcon from '@mui/icons-material/Add';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import WebhookIcon from '@mui/icons-material/Webhook';
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
import { catalogue, type Integration, type Rule, type RuleInput } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { describeCondition } from './ConditionsEditor.js';
import { RuleForm } from './RuleForm.js';

const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;

/** What an action does, in a few words: "Corporate SMTP → 2 recipients · scan digest". */
export function describeAction(action: Rule['actions'][number], integrations: Integration[] | undefined): string {
  const integration = integrations?.find((i) => i.id === action.integration_id);
  const name = integration?.name ?? 'deleted integration';
  if (integration?.kind === 'jira') return `${name} → ${String(action.params.project_key ?? '?')} · ${String(action.params.issue_type ?? 'Bug')}`;
  if (integration?.kind !== 'email') return name;
  const recipients = (action.params.recipients as string[] | undefined) ?? [];
  const format = action.params.format === 'digest' ? 'scan digest' : 'one email per event';
  return `${name} → ${recipients.length === 1 ? recipients[0] : `${recipients.length} recipients`} · ${format}`;
}

const KIND_ICON = {
  email: <EmailOutlinedIcon fontSize="small" color="action" titleAccess="Email (SMTP)" />,
  jira: <AssignmentOutlinedIcon fontSize="small" color="action" titleAccess="Jira" />,
  webhook: <WebhookIcon fontSize="small" color="action" titleAccess="Webhook" />,
} as const;
const SHOWN_TRIGGERS = 3;

/** Routing rules: which events go where (the seeds' policy Actions). */
export function Rules() {
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
          <Typography variant="h1">Rules</Typography>
          <Typography color="text.secondary">
            Which events go where. A rule picks events (optionally projects and payload conditions, e.g. blocker only) and sends them to one or more integrations: email recipients, a Jira project, a webhook.
          </Typography>
        </Box>
        {!!rules.data?.length && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} sx={{ flexShrink: 0 }}>
            Create rule
          </Button>
        )}
      </Stack>
      {rules.error && <Alert severity="error">Could not load the rules: {rules.error.message}</Alert>}
      {toggle.error && (
        <Alert severity="error" onClose={() => toggle.reset()} sx={{ mb: 2 }}>
          Could not switch the rule: {toggle.error.message}
        </Alert>
      )}
      {rules.isPending && <CircularProgress aria-label="Loading the rules" />}
      {rules.data?.length === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="rules-empty">
          <AltRouteIcon color="primary" sx={{ fontSize: 40 }} />
          <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
            No rules yet
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 620, mx: 'auto' }}>
            A rule says which events go where: it picks triggers (say, <em>SCA Policy has been triggered</em>), optionally the projects they must come from, and
            one or more actions, each naming an integration and how to use it.
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1, mb: 2, maxWidth: 620, mx: 'auto' }}>
            Email and Jira send only what rules route to them: for example every triggered policy to the AppSec team, as one digest per scan.
          </Typography>
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>
            Create rule
          </Button>
        </Paper>
      )}
      {!!rules.data?.length && (
        <Paper variant="outlined">
          <Table aria-label="Rules">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 72 }}>Active</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Events</TableCell>
                <TableCell>Projects and conditions</TableCell>
                <TableCell>Actions</TableCell>
                <TableCell align="right" sx={{ width: 104 }}>
                  <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                    Edit or delete
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
                      slotProps={{ input: { 'aria-label': `${rule.name} active` } }}
                    />
                  </TableCell>
                  <TableCell sx={{ pt: 2.25, minWidth: 160 }}>
                    <Typography sx={{ fontWeight: 600 }}>{rule.name}</Typography>
                    {!rule.is_active && (
                      <Typography variant="caption" color="text.secondary">
                        Off: routes nothing
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ maxWidth: 380, pt: 2 }}>
                    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                      {rule.triggers.slice(0, SHOWN_TRIGGERS).map((t) => (
                        <Chip key={t} size="small" label={titleOf(t)} />
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
                        All projects
                      </Typography>
                    )}
                    {rule.conditions.length > 0 && (
                      <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" sx={{ mt: 0.75 }} data-testid="rule-conditions" aria-label="Conditions">
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
                            <Box sx={{ pt: 0.25, display: 'flex' }}>{target ? KIND_ICON[target.kind] : <WarningAmberIcon fontSize="small" color="warning" titleAccess="Missing integration" />}</Box>
                            <Box>
                              <Typography variant="body2">{describeAction(a, integrations.data)}</Typography>
                              {target && !target.is_active && (
                                <Typography variant="caption" color="warning.main" component="div">
                                  {target.name} is inactive: sends nothing
                                </Typography>
                              )}
                            </Box>
                          </Stack>
                        );
                      })}
                    </Stack>
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', pt: 1.25 }}>
                    <Tooltip title="Edit">
                      <IconButton aria-label={`Edit ${rule.name}`} onClick={() => setEditing(rule)}>
                        <EditOutlinedIcon />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete">
                      <IconButton aria-label={`Delete ${rule.name}`} onClick={() => setDeleting(rule)}>
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
        <DialogTitle id="delete-rule-title">Delete the rule {deleting?.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Matching events stop going to {deleting ? deleting.actions.map((a) => integrations.data?.find((i) => i.id === a.integration_id)?.name ?? 'a deleted integration').join(', ') : ''}.
            Deliveries already queued still go out; policy alerts held for a scan digest that has not been sent yet are not. This cannot be undone: switch the
            rule off instead to pause it.
          </DialogContentText>
          {remove.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {remove.error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={closeDelete}>Cancel</Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

export function toInput(rule: Rule): RuleInput {
  return { name: rule.name, is_active: rule.is_active, triggers: rule.triggers, projects: rule.projects, conditions: rule.conditions, actions: rule.actions };
}
