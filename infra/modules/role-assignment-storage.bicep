// Assigns one built-in data-plane role on a storage account to a principal.
//
// Built-in role definition IDs accepted here (verified against public Azure RBAC references):
//   Storage Blob Data Reader         2a2b9908-6ea1-4ae2-8e65-a410df84e7d1
//   Storage Blob Data Owner          b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//   Storage Queue Data Contributor   974c5e8b-45b9-4653-ba55-5f855dd0fb88
//   Storage Table Data Contributor   0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
//
// The assignment name is guid(scope, assigneeResourceId, role): deterministic before deployment, so What-If
// can predict it (linter rule what-if-short-circuiting). If the assignee is deleted and recreated with the
// same name (new principalId), delete the orphaned assignment ("Identity not found") before redeploying.

@description('Name of the existing storage account that is the scope of the assignment.')
param storageAccountName string

@description('Object ID of the principal that receives the role.')
param principalId string

@description('Resource ID of the resource that owns the identity (e.g. the function app). Known before deployment, so it (not the runtime principalId) seeds the assignment name.')
param assigneeResourceId string

@description('Type of the principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string

@description('Built-in role definition GUID (see the list at the top of this file).')
@allowed([
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
])
param roleDefinitionGuid string

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, assigneeResourceId, roleDefinitionGuid)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)
    principalId: principalId
    principalType: principalType
  }
}
