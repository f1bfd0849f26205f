// Azure Front Door Standard in front of the function app, on the profile front-door-profile.bicep created: one
// endpoint, one origin group (health probe on /api/health over HTTPS), one origin (the function app default host
// name), one route and a WAF policy associated with the endpoint.
//
// The route forwards only the API's paths (/api/*: every operation of the route table, the OpenAPI document and the
// reference page; host.json's routePrefix is empty), never the Functions host's own /admin and /runtime paths, which
// Front Door answers with 404 itself. It redirects HTTP to HTTPS, forwards HTTPS only, caches by the API's
// significant query parameters and compresses JSON responses.
//
// The WAF policy (custom rules only, which Standard supports; mode Detection or Prevention) refuses methods the API
// does not serve, over-long URIs and request bodies, and limits each client IP on the routes the cache cannot absorb
// (search, changes, Infobutton, cursored pages), on preview, and overall. Limits and reasons: decision 0014.

@description('Name of the existing Front Door profile (front-door-profile.bicep).')
param profileName string

@description('Name of the Front Door endpoint (becomes <name>-<hash>.z01.azurefd.net).')
@minLength(1)
@maxLength(46)
param endpointName string

@description('Name of the WAF policy (letters and digits only, starting with a letter).')
@minLength(1)
@maxLength(128)
param wafPolicyName string

@description('WAF mode: Detection logs what the rules would block (first rollout), Prevention blocks it.')
@allowed([
  'Detection'
  'Prevention'
])
param wafMode string

@description('Requests each client IP may send per rate-limit window before the WAF answers 429.')
param rateLimits rateLimitsType

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

@export()
@sealed()
@description('Per client IP rate limits of the WAF policy, in requests per window of rateLimitWindowMinutes. Every property is optional; defaults in front-door.bicep and the reasons in decision 0014.')
type rateLimitsType = {
  @description('Search, changes, Infobutton and cursored index pages: URLs whose query the edge cache cannot absorb. Default 600.')
  @minValue(10)
  uncached: int?

  @description('Preview paths and any request carrying a Preview-Key header: never cached, each one reads the store. Default 100.')
  @minValue(10)
  preview: int?

  @description('Every request, cached or not: a ceiling per client. Default 6000.')
  @minValue(10)
  all: int?
}

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

@description('The only paths the route forwards: the API (every route-table operation, OpenAPI and the reference page live under /api/). InfraPostureTests checks this against the route table.')
var apiPathPatterns = [
  '/api/*'
]

@description('Length of each rate-limit window, in minutes (Front Door allows 1 or 5): the longer window blocks an abuser for longer once the threshold is hit.')
var rateLimitWindowMinutes = 5

@description('Requests per window: what the deployer chose, or the defaults.')
var thresholds = {
  uncached: rateLimits.?uncached ?? 600
  preview: rateLimits.?preview ?? 100
  all: rateLimits.?all ?? 6000
}

@description('Transforms applied before URI matches, so case and percent-encoding cannot dodge a rule (ASP.NET Core routes ignore case).')
var uriTransforms = [
  'Lowercase'
  'UrlDecode'
]

@description('Methods the API serves (RouteTable.ContentMethods): everything else is refused at the edge.')
var allowedMethods = [
  'GET'
  'HEAD'
  'OPTIONS'
]

@description('Longest request URI (path and query) the edge forwards, in characters (a string: WAF match values are strings).')
var maxRequestUriLength = '2048'

@description('URI fragments of the operations whose answers the edge cache cannot absorb: free-text search, the change feed, Infobutton lookups, and any cursored page (RouteTable.SearchArticles, ListChanges, Infobutton; QueryParameter.Cursor).')
var uncachedUriFragments = [
  '/api/v1/search'
  '/api/v1/changes'
  '/api/v1/infobutton'
  'cursor='
]

@description('Path prefix of the preview operations (RouteTable.PreviewNewestArticle and below).')
var previewPathPrefix = '/api/v1/preview/'

@description('Header that carries a preview key (PreviewOptions.HeaderName).')
var previewKeyHeader = 'Preview-Key'

resource profile 'Microsoft.Cdn/profiles@2026-07-01' existing = {
  name: profileName
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
    patternsToMatch: apiPathPatterns
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

resource wafPolicy 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2025-03-01' = {
  name: wafPolicyName
  location: 'Global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: wafMode
      // One status for every block: 429 is what a well-behaved client that hit a rate limit must see.
      customBlockResponseStatusCode: 429
      customBlockResponseBody: base64('{"title":"Request refused by the edge","detail":"Too many requests from this address, or a request this read-only API does not accept (method, size, body)."}')
    }
    customRules: {
      rules: [
        {
          name: 'BlockUnsupportedMethods'
          priority: 10
          enabledState: 'Enabled'
          ruleType: 'MatchRule'
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestMethod'
              operator: 'Equal'
              negateCondition: true
              matchValue: allowedMethods
            }
          ]
        }
        {
          name: 'BlockLongUris'
          priority: 20
          enabledState: 'Enabled'
          ruleType: 'MatchRule'
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'GreaterThan'
              negateCondition: false
              matchValue: [
                maxRequestUriLength
              ]
            }
          ]
        }
        {
          // The API reads no request body. A Content-Length value longer than one character declares 10 bytes or more.
          name: 'BlockDeclaredBodies'
          priority: 30
          enabledState: 'Enabled'
          ruleType: 'MatchRule'
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestHeader'
              selector: 'Content-Length'
              operator: 'GreaterThan'
              negateCondition: false
              matchValue: [
                '1'
              ]
            }
          ]
        }
        {
          name: 'BlockChunkedBodies'
          priority: 31
          enabledState: 'Enabled'
          ruleType: 'MatchRule'
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestHeader'
              selector: 'Transfer-Encoding'
              operator: 'GreaterThan'
              negateCondition: false
              matchValue: [
                '0'
              ]
            }
          ]
        }
        {
          name: 'RateLimitPreviewPaths'
          priority: 100
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: rateLimitWindowMinutes
          rateLimitThreshold: thresholds.preview
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Contains'
              negateCondition: false
              matchValue: [
                previewPathPrefix
              ]
              transforms: uriTransforms
            }
          ]
        }
        {
          name: 'RateLimitPreviewKeys'
          priority: 101
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: rateLimitWindowMinutes
          rateLimitThreshold: thresholds.preview
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestHeader'
              selector: previewKeyHeader
              operator: 'GreaterThan'
              negateCondition: false
              matchValue: [
                '0'
              ]
            }
          ]
        }
        {
          name: 'RateLimitUncached'
          priority: 110
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: rateLimitWindowMinutes
          rateLimitThreshold: thresholds.uncached
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Contains'
              negateCondition: false
              matchValue: uncachedUriFragments
              transforms: uriTransforms
            }
          ]
        }
        {
          // Matches every request: each has a Host header of length 0 or more.
          name: 'RateLimitEveryRequest'
          priority: 120
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: rateLimitWindowMinutes
          rateLimitThreshold: thresholds.all
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestHeader'
              selector: 'Host'
              operator: 'GreaterThanOrEqual'
              negateCondition: false
              matchValue: [
                '0'
              ]
            }
          ]
        }
      ]
    }
  }
}

resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2026-07-01' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: wafPolicy.id
      }
      associations: [
        {
          domains: [
            {
              id: endpoint.id
            }
          ]
          patternsToMatch: [
            '/*'
          ]
        }
      ]
    }
  }
}

@description('Host name of the Front Door endpoint (<name>-<hash>.z01.azurefd.net).')
output endpointHostName string = endpoint.properties.hostName
