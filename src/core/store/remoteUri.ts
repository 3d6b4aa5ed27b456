const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The URI scheme of a location (`s3`, `gs`, `file`), lower-case, or undefined for a plain path. */
export function uriScheme(location: string): string | undefined {
  return SCHEME.exec(location.trim())?.[1]?.toLowerCase();
}

/**
 * True for a location on object storage (`s3://`, `s3+ddb://`, `gs://`, `az://`,
 * `abfss://`, any `<scheme>://` but `file://`): the one test every surface uses
 * to decide between a path on this machine and a remote store.
 */
export function isRemoteUri(location: string): boolean {
  const scheme = uriScheme(location);
  return scheme !== undefined && scheme !== 'file';
}
