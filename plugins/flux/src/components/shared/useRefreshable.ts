import { useCallback, useEffect, useRef, useState } from 'react';

/** Data from the backend that can be read again, and patched in place after an action. */
export interface Refreshable<T> {
  loading: boolean;
  value?: T;
  /** The last failure. When there is a value too, it is the previous, still shown, one. */
  error?: Error;
  /** Reads again, bypassing the backend's cache. */
  refresh: () => void;
  /** Replaces the value, e.g. with an object an action returned, until the next read. */
  update: (patch: (value: T) => T) => void;
}

/**
 * Loads once `enabled`, and again on `refresh()` (with `refresh = true`). Unlike react-use's
 * hooks, a failed refresh keeps the previous value: a page that was showing clusters does not
 * blank out because one read timed out. `load` must be memoised.
 */
export function useRefreshable<T>(
  load: (refresh: boolean) => Promise<T>,
  enabled: boolean,
): Refreshable<T> {
  const [state, setState] = useState<{
    loading: boolean;
    value?: T;
    error?: Error;
  }>({ loading: enabled });
  // Only the latest read may land: a slow first read must not overwrite a refresh.
  const latest = useRef(0);
  const mounted = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (refresh: boolean) => {
      const id = ++latest.current;
      setState(s => ({ ...s, loading: true }));
      try {
        const value = await load(refresh);
        if (mounted.current && id === latest.current) {
          setState({ loading: false, value });
        }
      } catch (error) {
        if (mounted.current && id === latest.current) {
          setState(s => ({
            loading: false,
            value: s.value,
            error: error as Error,
          }));
        }
      }
    },
    [load],
  );

  useEffect(() => {
    if (enabled) run(false);
  }, [enabled, run]);

  const refresh = useCallback(() => {
    run(true);
  }, [run]);
  const update = useCallback((patch: (value: T) => T) => {
    setState(s =>
      s.value === undefined ? s : { ...s, value: patch(s.value) },
    );
  }, []);

  return { ...state, refresh, update };
}
