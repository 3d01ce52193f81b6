/**
 * A dump of an embedded database with every migration applied, restored by a test's embedded database instead of
 * creating a cluster and migrating it. Made once per machine and read once per jest worker: see
 * test/support/native-app.cjs.
 */
export function migratedSnapshot(): Promise<Blob> {
  return nativeApp().migratedSnapshot();
}
