import { Resources } from '../kube/resources.js';
import { ageColumn, crudCommand } from './crud.js';

export const command = crudCommand({
  verb: 'template',
  aliases: ['tmpl'],
  describe: 'manipulate workflow templates',
  resource: Resources.workflowTemplate,
  columns: [ageColumn],
});
