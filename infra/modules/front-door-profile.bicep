// The Azure Front Door Standard profile alone, deployed before the function app: the app's access restrictions
// admit only requests that carry this profile's id (X-Azure-FDID = properties.frontDoorId), so the id must exist
// before the app. The endpoint, origin, route and WAF policy come after the app (front-door.bicep).
//
// Standard, not Premium: the WAF rules this API needs are custom rules (method and size limits, per-IP rate
// limits), which the Standard tier supports; managed rule sets (Default Rule Set, bot protection) and Private Link
// origins need Premium. Decision 0014 gives the reasons and when to move.

@description('Name of the Front Door profile.')
@minLength(1)
@maxLength(260)
param name string

@description('Tags applied to the profile.')
param tags { *: string }

@description('Resource ID of the Log Analytics workspace that receives the access, health-probe and WAF logs.')
param logAnalyticsWorkspaceId string

resource profile 'Microsoft.Cdn/profiles@2026-07-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

// Every request (cache status, client IP, origin latency), every health probe and every WAF match to Log Analytics.
// 2021-05-01-preview is the newest version of this type (2016-09-01, the only GA one, is the metric-only "service" schema).
#disable-next-line use-recent-api-versions
resource profileDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: profile
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FrontDoorAccessLog'
        enabled: true
      }
      {
        category: 'FrontDoorHealthProbeLog'
        enabled: true
      }
      {
        category: 'FrontDoorWebApplicationFirewallLog'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the Front Door profile.')
output name string = profile.name

@description('The profile\'s Front Door id: the value Front Door sends to origins in the X-Azure-FDID header.')
output frontDoorId string = profile.properties.frontDoorId
