// Content storage account: holds the article JSON the API serves.
// Access is Entra ID only (shared keys off); the function app gets Storage Blob Data Reader on the article
// container only (role-assignment-blob-container.bicep in main.bicep).
//
// Network: public network access stays on, but the firewall denies every network except the function app's
// integration subnet (virtual network rule, service endpoint) and the publisher's address ranges (IP rules), with
// no trusted-service bypass: nothing else reads or writes articles (decision 0014).

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags { *: string }

@description('Name of the blob container that holds the article JSON.')
@minLength(3)
@maxLength(63)
param containerName string

@description('Days a deleted or overwritten blob stays recoverable (blob soft delete).')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int

@description('Days a deleted container stays recoverable (container soft delete).')
@minValue(1)
@maxValue(365)
param containerDeleteRetentionDays int

@description('Storage redundancy SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Resource ID of the function app\'s integration subnet (Microsoft.Storage service endpoint): the only network the app reads from.')
param appSubnetId string

@description('Public IPv4 addresses or CIDR ranges (no private ranges, /30 or shorter prefixes only) allowed to reach the account: where `medcontent publish` runs. Empty: only the app\'s subnet.')
param publisherIpRanges string[]

@description('Resource ID of the Log Analytics workspace that receives the blob service\'s logs and metrics.')
param logAnalyticsWorkspaceId string

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    // "Enabled from selected networks": Enabled + defaultAction Deny ('Disabled' would refuse the subnet and IP rules too).
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'None'
      defaultAction: 'Deny'
      virtualNetworkRules: [
        {
          id: appSubnetId
          action: 'Allow'
        }
      ]
      ipRules: [
        for range in publisherIpRanges: {
          value: range
          action: 'Allow'
        }
      ]
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: containerDeleteRetentionDays
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

// Blob reads, writes and deletes (who published, who read what, which calls failed) to Log Analytics.
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

@description('Name of the content storage account.')
output name string = storageAccount.name

@description('Resource ID of the content storage account.')
output id string = storageAccount.id

@description('Primary blob service endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobServiceUri string = storageAccount.properties.primaryEndpoints.blob

@description('Name of the article container.')
output containerName string = container.name
