// Infrastructure for the headless medical content API:
//   content storage (articles) + host storage (Functions runtime, deployment package)
//   Log Analytics + Application Insights
//   Flex Consumption plan + function app (.NET isolated worker)
//   least-privilege role assignments for the app's system-assigned identity
//   Azure Front Door Standard in front of the app
//
// Build/lint: eng/bicep-check.sh (fails on any warning or error).
targetScope = 'resourceGroup'

import { appSettingsType } from 'modules/function-app.bicep'

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

@description('The app\'s own settings (CORS origins, preview keys, cache lifetimes), all optional; see appSettingsType in modules/function-app.bicep for names, limits and defaults. Carries the secure preview keys: pass it at deployment time.')
param appSettings appSettingsType = {}

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
}

@description('Resource ID of the function app, known before deployment; seeds the role-assignment names.')
var functionAppResourceId = resourceId('Microsoft.Web/sites', names.functionApp)

// Built-in role definition GUIDs (Azure RBAC):
//   Storage Blob Data Reader        2a2b9908-6ea1-4ae2-8e65-a410df84e7d1
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//   Storage Queue Data Contributor  974c5e8b-45b9-4653-ba55-5f855dd0fb88
//   Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
//   Monitoring Metrics Publisher    3913510d-42f4-4e42-8a64-420c390055eb (in role-assignment-app-insights.bicep)
@description('Roles the function app identity needs on the host storage account (Functions runtime + deployment).')
var hostStorageRoleGuids = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

// ---------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------

module contentStorage 'modules/storage-content.bicep' = {
  params: {
    name: names.contentStorage
    location: location
    tags: allTags
    containerName: contentContainerName
    blobDeleteRetentionDays: contentBlobDeleteRetentionDays
    containerDeleteRetentionDays: contentContainerDeleteRetentionDays
    skuName: contentStorageSkuName
  }
}

module hostStorage 'modules/storage-host.bicep' = {
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    logAnalyticsWorkspaceName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
    retentionInDays: logAnalyticsRetentionInDays
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
  }
  dependsOn: [
    monitoring // Application Insights is read by name inside the module.
  ]
}

// App identity -> Storage Blob Data Reader on the content account (read articles only).
module contentReaderRole 'modules/role-assignment-storage.bicep' = {
  params: {
    storageAccountName: names.contentStorage
    principalId: functionApp.outputs.principalId
    assigneeResourceId: functionAppResourceId
    principalType: 'ServicePrincipal'
    roleDefinitionGuid: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
  }
}

// App identity -> Blob Data Owner + Queue/Table Data Contributor on the host account (Functions runtime).
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

@description('Default host name of the function app (origin behind Front Door).')
output FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName

@description('Name of the content storage account.')
output CONTENT_STORAGE_ACCOUNT_NAME string = contentStorage.outputs.name

@description('Name of the article blob container.')
output CONTENT_CONTAINER_NAME string = contentStorage.outputs.containerName

@description('Blob service endpoint of the content storage account.')
output CONTENT_BLOB_SERVICE_URI string = contentStorage.outputs.blobServiceUri

@description('URL of the Flex Consumption deployment package container.')
output DEPLOYMENT_CONTAINER_URL string = hostStorage.outputs.deploymentContainerUrl

@description('Name of the resource group.')
output RESOURCE_GROUP string = resourceGroup().name
