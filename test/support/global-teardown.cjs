module.exports = (globalConfig) => require('./worker-database.cjs').teardown(globalConfig);
