import { Autocomplete, Box, Chip, FormControlLabel, FormHelperText, FormLabel, MenuItem, Stack, Switch, TextField } from '@mui/material';
import type { ReactNode } from 'react';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { INCIDENT_LEVELS } from '../../../main/contract/index.js';

/** What PagerDuty's and Opsgenie's forms share: the region, the level mapping, responders and the resolve switch. */

type Region = 'us' | 'eu' | 'custom';
const regionOf = (url: string, urls: Record<'us' | 'eu', string>): Region => (url === urls.us ? 'us' : url === urls.eu ? 'eu' : 'custom');

/** US or EU sets the URL; Other shows it for a proxy or a local fake. */
export function RegionField<V extends FieldValues>({ control, name, urls, help, url }: { control: Control<V>; name: Path<V>; urls: Record<'us' | 'eu', string>; help: string; url: (region: 'custom') => ReactNode }) {
  const { t } = useTranslation('forms');
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const region = regionOf(String(field.value ?? ''), urls);
        return (
          <Stack spacing={2.5}>
            <TextField
              select
              label={t('incident.region')}
              value={region}
              onChange={(e) => field.onChange(e.target.value === 'custom' ? (region === 'custom' ? field.value : '') : urls[e.target.value as 'us' | 'eu'])}
              helperText={help}
            >
              <MenuItem value="us">{t('incident.regionUs')}</MenuItem>
              <MenuItem value="eu">{t('incident.regionEu')}</MenuItem>
              <MenuItem value="custom">{t('incident.regionCustom')}</MenuItem>
            </TextField>
            {region === 'custom' && url('custom')}
          </Stack>
        );
      }}
    />
  );
}

/** One select per Herald alert level, choosing the vendor's severity or priority. */
export function LevelMapField<V extends FieldValues>({ control, name, options, label, help }: { control: Control<V>; name: string; options: readonly string[]; label: string; help: string }) {
  const { t } = useTranslation('forms');
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <FormLabel component="legend">{label}</FormLabel>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 1.5, mt: 1.5 }}>
        {INCIDENT_LEVELS.map((level) => (
          <Controller
            key={level}
            control={control}
            name={`${name}.${level}` as Path<V>}
            render={({ field }) => (
              <TextField select size="small" label={t(`incident.levels.${level}`)} value={field.value ?? ''} onChange={(e) => field.onChange(e.target.value)} data-testid={`map-${level}`}>
                {options.map((o) => (
                  <MenuItem key={o} value={o}>
                    {o}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
        ))}
      </Box>
      <FormHelperText>{help}</FormHelperText>
    </Box>
  );
}

export function ResolveSwitch<V extends FieldValues>({ control, name, help }: { control: Control<V>; name: Path<V>; help: string }) {
  const { t } = useTranslation('forms');
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Box>
          <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('incident.resolve')} />
          <FormHelperText sx={{ mt: 0 }}>{help}</FormHelperText>
        </Box>
      )}
    />
  );
}

/** Free-text names as chips (Enter adds one). */
export function NamesField<V extends FieldValues>({ control, name, label, help, error }: { control: Control<V>; name: Path<V>; label: string; help: string; error?: string | undefined }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Autocomplete
          multiple
          freeSolo
          autoSelect
          options={[] as string[]}
          value={(field.value as string[] | undefined) ?? []}
          onChange={(_e, value) => field.onChange([...new Set(value.map((v) => v.trim()).filter(Boolean))])}
          renderValue={(value, getItemProps) => value.map((item, i) => <Chip size="small" label={item} {...getItemProps({ index: i })} key={item} />)}
          renderInput={(p) => <TextField {...p} label={label} error={!!error} helperText={error ?? help} />}
        />
      )}
    />
  );
}
