import { get } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { OPSGENIE_API_BASES, OPSGENIE_DEFAULT_PRIORITIES, OPSGENIE_PRIORITIES, OpsgenieInputSchema, type Integration } from '../../../main/contract/index.js';
import { translateMessage } from '../i18n/validation.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { LevelMapField, NamesField, RegionField, ResolveSwitch } from './IncidentFields.js';

type Opsgenie = Extract<Integration, { kind: 'opsgenie' }>;
type FormValues = Omit<z.input<typeof OpsgenieInputSchema>, 'policy' | 'secrets'> & { secrets: { api_key: string }; policy: PolicyDraft };

function defaults(existing?: Opsgenie): FormValues {
  const s = existing?.settings;
  return {
    kind: 'opsgenie',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      api_base: s?.api_base ?? OPSGENIE_API_BASES.us,
      priority_map: { ...OPSGENIE_DEFAULT_PRIORITIES, ...s?.priority_map },
      teams: s?.teams ?? [],
      message_template: s?.message_template ?? '',
      resolve_on_clean_scan: s?.resolve_on_clean_scan ?? true,
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { api_key: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Opsgenie Alert API: region, API key, priority mapping, teams; Test it creates, checks and closes a P5 alert. */
export function OpsgenieForm({ existing, onClose }: { existing?: Opsgenie | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: OpsgenieInputSchema, defaults: defaults(existing), existing, secretNames: ['api_key'], onClose });
  const { form, text, secret } = kit;
  const teamsError = (get(form.formState.errors, 'settings.teams') as { message?: string } | undefined)?.message;
  return (
    <ChannelFormShell
      kit={kit}
      id="opsgenie"
      title={existing ? t('common.edit', { name: existing.name }) : t('opsgenie.add')}
      nameHelp={t('opsgenie.nameHelp')}
      testIntro={t('opsgenie.testIntro')}
      testingText={t('opsgenie.testing')}
      routing={t('incident.routing')}
      onClose={onClose}
    >
      <RegionField
        control={form.control}
        name="settings.api_base"
        urls={OPSGENIE_API_BASES}
        help={t('opsgenie.regionHelp')}
        url={() => text('settings.api_base', t('opsgenie.apiBase'), t('opsgenie.apiBaseHelp'), { required: true, slotProps: monoInput })}
      />
      {secret('api_key', { label: t('opsgenie.apiKey'), help: t('opsgenie.apiKeyHelp'), placeholder: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d' })}
      <LevelMapField control={form.control} name="settings.priority_map" options={OPSGENIE_PRIORITIES} label={t('opsgenie.priorities')} help={t('opsgenie.prioritiesHelp')} />
      <NamesField control={form.control} name="settings.teams" label={t('opsgenie.teams')} help={t('opsgenie.teamsHelp')} error={translateMessage(teamsError)} />
      {text('settings.message_template', t('opsgenie.messageTemplate'), t('opsgenie.messageTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      <ResolveSwitch control={form.control} name="settings.resolve_on_clean_scan" help={t('opsgenie.resolveHelp')} />
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
