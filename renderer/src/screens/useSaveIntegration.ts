import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import type { Integration, IntegrationInput } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { policyFieldPath } from './DeliveryPolicyFields.js';

/** Create or update from any kind's form; server-side validation lands on the field it names. */
export function useSaveIntegration<V extends FieldValues>(options: {
  existing: Integration | undefined;
  toInput: (values: V) => IntegrationInput;
  setError: UseFormSetError<V>;
  onSaved: () => void;
}) {
  const queryClient = useQueryClient();
  const { existing, toInput, setError, onSaved } = options;
  return useMutation<Integration, Error, V>({
    mutationFn: (values) => (existing ? call('integrations.update', { id: existing.id, input: toInput(values) }) : call('integrations.create', toInput(values))),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['integrations'] });
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError) for (const issue of error.details?.issues ?? []) setError((policyFieldPath(issue.path) ?? issue.path) as FieldPath<V>, { message: issue.message });
    },
  });
}
