// Assigns Monitoring Metrics Publisher on an Application Insights component to a principal, which lets the
// Functions host send telemetry with Entra ID auth (APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD).
//
// Built-in role definition ID:
//   Monitoring Metrics Publisher     3913510d-42f4-4e42-8a64-420c390055eb
//
// The assignment name is guid(scope, assigneeResourceId, role); see role-assignment-storage.bicep for why.

@description('Name of the existing Application Insights component that is the scope of the assignment.')
param applicationInsightsName string

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

@description('Monitoring Metrics Publisher built-in role definition GUID.')
var monitoringMetricsPublisherRoleGuid = '3913510d-42f4-4e42-8a64-420c390055eb'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, assigneeResourceId, monitoringMetricsPublisherRoleGuid)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleGuid
    )
    principalId: principalId
    principalType: principalType
  }
}
