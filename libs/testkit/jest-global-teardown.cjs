// Stops what jest-global-setup.cjs started.
module.exports = async () => {
  for (const container of globalThis.__CSM_CONTAINERS__ ?? []) await container.stop();
};
