/** Runs a change through the API, keeping its errors for the form's error summary. */
import { useState } from 'react';
import { ApiError } from './client.js';
import { summaryErrors } from '../ui/govuk.js';

export function useAction() {
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      setErrors([]);
      return true;
    } catch (error) {
      setErrors(error instanceof ApiError ? summaryErrors(error.fields, error.message) : [{ message: String(error) }]);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run, fieldError: (field: string) => errors.find((e) => e.field === field)?.message };
}
