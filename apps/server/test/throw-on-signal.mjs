// Preloaded (NODE_OPTIONS=--import) into a server that crash.test.ts spawns:
// on SIGUSR2 the process meets an error nothing catches, as a bug would make.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('test: an error nothing caught');
  });
});
