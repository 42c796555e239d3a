import { Resources } from '../kube/resources.js';
import { ageColumn, crudCommand } from './crud.js';

export const command = crudCommand({
  verb: 'cluster-template',
  aliases: ['cwftmpl', 'cwft'],
  describe: 'manipulate cluster workflow templates',
  resource: Resources.clusterWorkflowTemplate,
  columns: [ageColumn],
});
