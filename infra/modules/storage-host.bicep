// Host storage account for the Azure Functions runtime (AzureWebJobsStorage) and the Flex Consumption
// deployment package container. Shared keys are off: the function app reaches it with its managed identity
// (Storage Blob Data Owner + Table Data Contributor, assigned in main.bicep).
//
// Network: the firewall denies every network except the function app's integration subnet (virtual network rule,
// service endpoint). A Flex Consumption deployment uploads the package through the app's own deployment endpoint,
// which writes it with the app's identity from the integrated subnet, so no deployer address is needed here. The
// trusted-service bypass stays as in the Flex Consumption samples; shared keys are off, so a bypassing service
// still needs a role.

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

@description('Resource ID of the function app\'s integration subnet (Microsoft.Storage service endpoint).')
param appSubnetId string

@description('Resource ID of the Log Analytics workspace that receives the blob service\'s logs and metrics.')
param logAnalyticsWorkspaceId string

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
      defaultAction: 'Deny'
      virtualNetworkRules: [
        {
          id: appSubnetId
          action: 'Allow'
        }
      ]
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

// Host blob traffic (deployment package, host keys and leases) to Log Analytics.
// 2021-05-01-preview is the newest version of this type (2016-09-01, the only GA one, is the metric-only "service" schema).
#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

@description('Name of the host storage account.')
output name string = storageAccount.name

@description('Primary blob service endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobServiceUri string = storageAccount.properties.primaryEndpoints.blob

@description('URL of the deployment package container (blob endpoint + container name).')
output deploymentContainerUrl string = '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainer.name}'
