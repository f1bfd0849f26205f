// Assigns Storage Blob Data Reader on ONE blob container (not the account) to a principal: the function app reads
// the articles and nothing else in the content account (another container, a future one, the account's settings).
//
// Built-in role definition ID (verified against public Azure RBAC references):
//   Storage Blob Data Reader         2a2b9908-6ea1-4ae2-8e65-a410df84e7d1
//
// The assignment name is guid(scope, assigneeResourceId, role); see role-assignment-storage.bicep for why.

@description('Name of the existing storage account that holds the container.')
param storageAccountName string

@description('Name of the existing blob container that is the scope of the assignment.')
param containerName string

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

@description('Storage Blob Data Reader built-in role definition GUID.')
var storageBlobDataReaderRoleGuid = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::blobService::container.id, assigneeResourceId, storageBlobDataReaderRoleGuid)
  scope: storageAccount::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleGuid)
    principalId: principalId
    principalType: principalType
  }
}
