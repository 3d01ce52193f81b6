// ts-jest loads AST transformers as { name, version, factory }; the Nest CLI plugin exports `before`.
const { before } = require('@nestjs/swagger/plugin');
const options = require('../../nest-cli.json').compilerOptions.plugins.find(
  (p) => p.name === '@nestjs/swagger',
).options;
module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (tsCompiler) => before(options, tsCompiler.program),
};
