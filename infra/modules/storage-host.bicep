// Host storage account for the Azure Functions runtime (AzureWebJobsStorage) and the Flex Consumption
// deployment package container. Shared keys are off: the function app reaches it with its managed identity
// (Storage Blob Data Owner + Queue/Table Data Contributor, assigned in main.bicep).

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags { *: string }

@description('Name of the blob container that Flex Consumption deploys the app package to.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storageAccount
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

@description('Name of the host storage account.')
output name string = storageAccount.name

@description('Primary blob service endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobServiceUri string = storageAccount.properties.primaryEndpoints.blob

@description('URL of the deployment package container (blob endpoint + container name).')
output deploymentContainerUrl string = '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainer.name}'
