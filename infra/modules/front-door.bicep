// Azure Front Door Standard in front of the function app: one endpoint, one origin group (health probe on
// /api/health over HTTPS), one origin (the function app default host name) and one route for /* that
// redirects HTTP to HTTPS, forwards HTTPS only, caches by the API's significant query parameters and
// compresses JSON responses.

@description('Name of the Front Door profile.')
@minLength(1)
@maxLength(260)
param profileName string

@description('Name of the Front Door endpoint (becomes <name>-<hash>.z01.azurefd.net).')
@minLength(1)
@maxLength(46)
param endpointName string

@description('Tags applied to the Front Door resources.')
param tags { *: string }

@description('Host name of the origin (the function app default host name).')
param originHostName string

@description('Path the health probe requests on the origin.')
param healthProbePath string = '/api/health'

@description('Seconds between health probes from each Front Door point of presence.')
@minValue(5)
@maxValue(255)
param healthProbeIntervalSeconds int = 100

// RouteTable.CacheKeyQueryParameters joined with ',' (the only query names the API reads); FrontDoorCacheKeyTests
// fails when they differ. Front Door ignores every other query parameter when caching.
@description('Query parameters that are part of the cache key; all other query parameters are ignored for caching.')
var cacheKeyQueryParameters = 'audience,code,cursor,informationRecipient,kind,knowledgeResponseType,limit,mainSearchCriteria.v.c,mainSearchCriteria.v.cs,mainSearchCriteria.v.dn,q,reviewState,since,slug,type'

@description('Response content types Front Door compresses.')
var compressedContentTypes = [
  'application/json'
  'application/problem+json'
  'application/ld+json'
]

resource profile 'Microsoft.Cdn/profiles@2026-07-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2026-07-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'api'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: healthProbePath
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: healthProbeIntervalSeconds
    }
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: endpoint
  name: 'api'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/*'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'IncludeSpecifiedQueryStrings'
      queryParameters: cacheKeyQueryParameters
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: compressedContentTypes
      }
    }
  }
  // A route can only be created once its origin group has at least one origin.
  dependsOn: [
    origin
  ]
}

@description('Host name of the Front Door endpoint (<name>-<hash>.z01.azurefd.net).')
output endpointHostName string = endpoint.properties.hostName

@description('Name of the Front Door profile.')
output profileName string = profile.name
