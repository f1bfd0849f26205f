// Infrastructure for the headless medical content API:
//   Log Analytics + Application Insights (Entra ID ingestion only); diagnostic settings on every resource below
//   virtual network: the function app's integration subnet (service endpoint for Storage)
//   content storage (articles) + host storage (Functions runtime, deployment package): firewalls deny all but that
//     subnet (and, for content, the publisher's address ranges)
//   Key Vault (RBAC, purge protection) holding the editors' preview keys, read by the app through a reference
//   Flex Consumption plan + function app (.NET isolated worker), reachable only through this Front Door profile
//   least-privilege role assignments for the app's system-assigned identity
//   Azure Front Door Standard in front of the app: route for /api/* only, WAF policy (custom rules, rate limits)
//
// Order: monitoring, network, storage, vault and the Front Door profile first; then the app (its access
// restrictions need the profile's id, its settings the vault); then the roles and the rest of Front Door (the
// origin needs the app's host name). Decision 0014 explains the choices.
//
// Build/lint: eng/bicep-check.sh (fails on any warning or error).
targetScope = 'resourceGroup'

import { appSettingsType } from 'modules/function-app.bicep'
import { rateLimitsType } from 'modules/front-door.bicep'

metadata description = 'Headless medical content API on Azure Functions Flex Consumption behind Azure Front Door.'

// ---------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------

@description('Name of the environment (for example dev, test, prod). Seeds resourceToken and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for all regional resources. Must be a region that supports Flex Consumption.')
param location string = resourceGroup().location

@description('Maximum number of instances the function app can scale out to (Flex Consumption: 1-1000; older docs state a floor of 40).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory size of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Name of the blob container in the content storage account that holds the article JSON.')
@minLength(3)
@maxLength(63)
param contentContainerName string = 'articles'

@description('Name of the blob container in the host storage account that receives the deployment package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string = 'deploymentpackage'

@description('Redundancy SKU of the content storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param contentStorageSkuName string = 'Standard_LRS'

@description('Days a deleted or overwritten article blob stays recoverable (blob soft delete).')
@minValue(1)
@maxValue(365)
param contentBlobDeleteRetentionDays int = 14

@description('Days a deleted content container stays recoverable (container soft delete).')
@minValue(1)
@maxValue(365)
param contentContainerDeleteRetentionDays int = 14

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logAnalyticsRetentionInDays int = 30

@description('The app\'s own settings (CORS origins, cache lifetimes, review cycle), all optional; see appSettingsType in modules/function-app.bicep for names, limits and defaults. The preview keys are not here: see previewKeysAction.')
param appSettings appSettingsType = {}

@description('What this deployment does with the editors\' preview keys (Key Vault secret preview-keys). keep: use the secret already in the vault, unchanged (fails if there is none); replace: write newPreviewKeys as its new version; disabled: the app gets no keys and preview answers 401 (the secret stays in the vault). Required, no default, so a redeploy can never turn preview off by omission.')
@allowed([
  'keep'
  'replace'
  'disabled'
])
param previewKeysAction string

@description('With previewKeysAction = replace only: the comma-separated preview keys, 32+ characters each (e.g. openssl rand -base64 33). Pass at deployment time, never commit.')
@secure()
param newPreviewKeys string = ''

@description('WAF policy mode: Detection logs what the rules would block (use it for a first rollout, then read the WAF log), Prevention blocks it.')
@allowed([
  'Detection'
  'Prevention'
])
param wafMode string = 'Prevention'

@description('Per client IP WAF rate limits (requests per 5 minutes); see rateLimitsType in modules/front-door.bicep for defaults.')
param wafRateLimits rateLimitsType = {}

@description('Public IPv4 addresses or CIDR ranges allowed through the content storage firewall: where `medcontent publish` runs (a CI runner\'s fixed egress, an editor workstation). Empty: nobody outside the app\'s subnet; add an address for the time of a publish (docs/deploy.md).')
param publisherIpRanges string[] = []

@description('Public IPv4 addresses or CIDR ranges allowed to call the function app\'s deployment (scm) endpoint. Empty: any address, Entra ID authentication only (basic publishing credentials are off).')
param deployerIpRanges string[] = []

@description('Address space of the virtual network the function app integrates with (CIDR).')
param virtualNetworkAddressPrefix string = '10.60.0.0/22'

@description('Address range of the function app\'s integration subnet (CIDR inside virtualNetworkAddressPrefix); size it for maximumInstanceCount.')
param appSubnetAddressPrefix string = '10.60.0.0/24'

@description('Extra tags applied to every resource (azd-env-name is always added).')
param tags { *: string } = {}

// Name overrides: leave empty to use <abbreviation><resourceToken>.
@description('Override for the content storage account name.')
param contentStorageAccountName string = ''

@description('Override for the host storage account name.')
param hostStorageAccountName string = ''

@description('Override for the Log Analytics workspace name.')
param logAnalyticsWorkspaceName string = ''

@description('Override for the Application Insights component name.')
param applicationInsightsName string = ''

@description('Override for the Flex Consumption plan name.')
param appServicePlanName string = ''

@description('Override for the function app name.')
param functionAppName string = ''

@description('Override for the Front Door profile name.')
param frontDoorProfileName string = ''

@description('Override for the Front Door endpoint name.')
param frontDoorEndpointName string = ''

@description('Override for the key vault name.')
param keyVaultName string = ''

@description('Override for the virtual network name.')
param virtualNetworkName string = ''

@description('Override for the WAF policy name (letters and digits only).')
param wafPolicyName string = ''

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

@description('Resource name prefixes (infra/abbreviations.json).')
var abbrs = loadJsonContent('abbreviations.json')

@description('Deterministic suffix that keeps globally unique names unique per subscription, group and environment.')
var resourceToken = uniqueString(subscription().id, resourceGroup().id, environmentName)

@description('Tags applied to every resource.')
var allTags = union(tags, { 'azd-env-name': environmentName })

@description('Resolved resource names (override parameter, or prefix + resourceToken).')
var names = {
  contentStorage: !empty(contentStorageAccountName)
    ? contentStorageAccountName
    : take('${abbrs.storageStorageAccounts}content${resourceToken}', 24)
  hostStorage: !empty(hostStorageAccountName)
    ? hostStorageAccountName
    : take('${abbrs.storageStorageAccounts}host${resourceToken}', 24)
  logAnalytics: !empty(logAnalyticsWorkspaceName)
    ? logAnalyticsWorkspaceName
    : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: !empty(applicationInsightsName)
    ? applicationInsightsName
    : '${abbrs.insightsComponents}${resourceToken}'
  plan: !empty(appServicePlanName) ? appServicePlanName : '${abbrs.webServerFarms}${resourceToken}'
  functionApp: !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}${resourceToken}'
  frontDoorProfile: !empty(frontDoorProfileName) ? frontDoorProfileName : '${abbrs.cdnProfiles}${resourceToken}'
  frontDoorEndpoint: !empty(frontDoorEndpointName)
    ? frontDoorEndpointName
    : '${abbrs.cdnProfilesAfdEndpoints}${resourceToken}'
  keyVault: !empty(keyVaultName) ? keyVaultName : take('${abbrs.keyVaultVaults}${resourceToken}', 24)
  virtualNetwork: !empty(virtualNetworkName) ? virtualNetworkName : '${abbrs.networkVirtualNetworks}${resourceToken}'
  wafPolicy: !empty(wafPolicyName) ? wafPolicyName : '${abbrs.networkFrontDoorWebApplicationFirewallPolicies}${resourceToken}'
}

@description('Key Vault secret that holds the comma-separated preview keys (app setting Preview__Keys references it).')
var previewKeysSecretName = 'preview-keys'

@description('Resource ID of the function app, known before deployment; seeds the role-assignment names.')
var functionAppResourceId = resourceId('Microsoft.Web/sites', names.functionApp)

// Built-in role definition GUIDs (Azure RBAC):
//   Storage Blob Data Reader        2a2b9908-6ea1-4ae2-8e65-a410df84e7d1 (content container; role-assignment-blob-container.bicep)
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//   Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
//   Monitoring Metrics Publisher    3913510d-42f4-4e42-8a64-420c390055eb (in role-assignment-app-insights.bicep)
//   Key Vault Secrets User          4633458b-17de-408a-b874-0445c86b69e6 (preview-keys secret; function-app.bicep)
// Host storage, for an HTTP-only app: Blob Data Owner is the Functions host's documented minimum (host keys and the
// host lease in blobs, container creation; the Flex deployment package); Table Data Contributor lets the host write
// its diagnostic events. Queue Data Contributor is gone: only blob and queue triggers use queues, and the app has none.
@description('Roles the function app identity needs on the host storage account (Functions runtime + deployment).')
var hostStorageRoleGuids = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

// ---------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------

module monitoring 'modules/monitoring.bicep' = {
  params: {
    logAnalyticsWorkspaceName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
    retentionInDays: logAnalyticsRetentionInDays
  }
}

module network 'modules/network.bicep' = {
  params: {
    name: names.virtualNetwork
    location: location
    tags: allTags
    addressPrefix: virtualNetworkAddressPrefix
    appSubnetPrefix: appSubnetAddressPrefix
  }
}

module contentStorage 'modules/storage-content.bicep' = {
  params: {
    name: names.contentStorage
    location: location
    tags: allTags
    containerName: contentContainerName
    blobDeleteRetentionDays: contentBlobDeleteRetentionDays
    containerDeleteRetentionDays: contentContainerDeleteRetentionDays
    skuName: contentStorageSkuName
    appSubnetId: network.outputs.appSubnetId
    publisherIpRanges: publisherIpRanges
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module hostStorage 'modules/storage-host.bicep' = {
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
    appSubnetId: network.outputs.appSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    previewKeysAction: previewKeysAction
    previewKeysSecretName: previewKeysSecretName
    newPreviewKeys: newPreviewKeys
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

// The profile before the app: the app's access restrictions carry the profile's Front Door id.
module frontDoorProfile 'modules/front-door-profile.bicep' = {
  params: {
    name: names.frontDoorProfile
    tags: allTags
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module functionApp 'modules/function-app.bicep' = {
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    hostStorageAccountName: names.hostStorage
    deploymentContainerUrl: hostStorage.outputs.deploymentContainerUrl
    applicationInsightsName: names.applicationInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    contentBlobServiceUri: contentStorage.outputs.blobServiceUri
    contentContainerName: contentContainerName
    settings: appSettings
    frontDoorId: frontDoorProfile.outputs.frontDoorId
    deployerIpRanges: deployerIpRanges
    virtualNetworkSubnetId: network.outputs.appSubnetId
    keyVaultName: names.keyVault
    previewKeysName: previewKeysAction == 'disabled' ? '' : previewKeysSecretName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
  dependsOn: [
    keyVault // With replace, the secret's new version exists before the app references it.
  ]
}

// App identity -> Storage Blob Data Reader on the article container only (not the account).
module contentReaderRole 'modules/role-assignment-blob-container.bicep' = {
  params: {
    storageAccountName: names.contentStorage
    containerName: contentContainerName
    principalId: functionApp.outputs.principalId
    assigneeResourceId: functionAppResourceId
    principalType: 'ServicePrincipal'
  }
}

// App identity -> Blob Data Owner + Table Data Contributor on the host account (Functions runtime).
module hostStorageRoles 'modules/role-assignment-storage.bicep' = [
  for roleGuid in hostStorageRoleGuids: {
    params: {
      storageAccountName: names.hostStorage
      principalId: functionApp.outputs.principalId
      assigneeResourceId: functionAppResourceId
      principalType: 'ServicePrincipal'
      roleDefinitionGuid: roleGuid
    }
  }
]

// App identity -> Monitoring Metrics Publisher on Application Insights (Entra ID telemetry ingestion).
module appInsightsPublisherRole 'modules/role-assignment-app-insights.bicep' = {
  params: {
    applicationInsightsName: names.applicationInsights
    principalId: functionApp.outputs.principalId
    assigneeResourceId: functionAppResourceId
    principalType: 'ServicePrincipal'
  }
}

module frontDoor 'modules/front-door.bicep' = {
  params: {
    profileName: names.frontDoorProfile
    endpointName: names.frontDoorEndpoint
    wafPolicyName: names.wafPolicy
    wafMode: wafMode
    rateLimits: wafRateLimits
    tags: allTags
    originHostName: functionApp.outputs.defaultHostName
  }
}

// ---------------------------------------------------------------------------------------------------------
// Outputs (no secrets, keys or connection strings)
// ---------------------------------------------------------------------------------------------------------

@description('Public base URL of the API (Front Door endpoint).')
output API_BASE_URL string = 'https://${frontDoor.outputs.endpointHostName}'

@description('Name of the function app.')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Default host name of the function app (origin behind Front Door; answers 403 to anything but this Front Door profile).')
output FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName

@description('Name of the content storage account.')
output CONTENT_STORAGE_ACCOUNT_NAME string = contentStorage.outputs.name

@description('Name of the article blob container.')
output CONTENT_CONTAINER_NAME string = contentStorage.outputs.containerName

@description('Blob service endpoint of the content storage account.')
output CONTENT_BLOB_SERVICE_URI string = contentStorage.outputs.blobServiceUri

@description('URL of the Flex Consumption deployment package container.')
output DEPLOYMENT_CONTAINER_URL string = hostStorage.outputs.deploymentContainerUrl

@description('Name of the key vault that holds the preview keys (secret preview-keys).')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the resource group.')
output RESOURCE_GROUP string = resourceGroup().name
