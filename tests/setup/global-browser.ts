import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

/** Flags for Debian's Chromium on a machine with no outside network (see DESIGN.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser for the whole run; each e2e file connects to it and opens its own context. */
export default async function setup(project: TestProject) {
  const server = await chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  return () => server.close();
}
