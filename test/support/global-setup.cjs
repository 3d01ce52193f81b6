module.exports = (globalConfig) => require('./worker-database.cjs').setup(globalConfig);
