/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  tailwind: true,
  postcss: true,
  // engine/ is shared with the browser, which imports the node registry; training code is only
  // reached through a dynamic import that the browser never performs, so its Node builtins stay empty there.
  browserNodeBuiltinsPolyfill: { modules: { module: 'empty', path: 'empty', url: 'empty', fs: 'empty', os: 'empty', worker_threads: 'empty' } },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
