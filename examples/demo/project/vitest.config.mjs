export default {
  test: {
    include: ['test/**/*.spec.mjs'],
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      exclude: ['src/server.js'],
      reporter: ['lcovonly', 'text-summary'],
      reportsDirectory: 'coverage',
    },
  },
};
