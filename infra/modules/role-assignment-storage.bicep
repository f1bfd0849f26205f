// Assigns one built-in data-plane role on a storage account to a principal.
//
// Built-in role definition IDs accepted here (verified against public Azure RBAC references):
//   Storage Blob Data Owner          b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//   Storage Table Data Contributor   0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
// Account scope is for the Functions host's own account only; content is read through a container-scoped
// assignment (role-assignment-blob-container.bicep).
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
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
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
