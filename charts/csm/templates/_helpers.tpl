{{/* The chart's name, or nameOverride. */}}
{{- define "csm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* `<release>-<chart>` (or the release alone when it already holds the chart name), at most 40 characters so suffixes fit in 63. */}}
{{- define "csm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "csm.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The five components: values key, folder under services/, entry file, the roles it runs in.
One list, so every template iterates the same components in the same order.
*/}}
{{- define "csm.components" -}}
- {key: registration, component: registration, entry: serve.js, roles: [api, worker]}
- {key: proposals, component: proposals, entry: serve.js, roles: [api, worker]}
- {key: countyPlans, component: county-plans, entry: serve.js, roles: [api, worker]}
- {key: resources, component: resources, entry: serve.js, roles: [api, worker]}
- {key: portal, component: portal, entry: main.js, roles: [api]}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "csm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "csm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: csm
{{- end -}}

{{/* The component and role labels, beside csm.labels on an object's metadata: (dict "component" "registration" "role" "api"). */}}
{{- define "csm.componentLabels" -}}
app.kubernetes.io/component: {{ .component }}
csm.go.ke/role: {{ .role }}
{{- end -}}

{{/* Selector labels of one component's pods in one role: (dict "root" $ "component" "registration" "role" "api"). */}}
{{- define "csm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "csm.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
csm.go.ke/role: {{ .role }}
{{- end -}}

{{/* The image of a component: (dict "root" $ "repository" "csm/registration"). */}}
{{- define "csm.image" -}}
{{- $image := .root.Values.image -}}
{{- $ref := printf "%s:%s" .repository (default .root.Chart.AppVersion $image.tag) -}}
{{- if $image.registry -}}{{- $ref = printf "%s/%s" $image.registry $ref -}}{{- end -}}
{{- if $image.digest -}}{{- $ref = printf "%s@%s" $ref $image.digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/* An env entry read from an existing Secret: (dict "name" "CSM_KEK" "secret" .Values.secrets.kek "key" "key"). */}}
{{- define "csm.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName | quote }}
      key: {{ .secretKey | quote }}
{{- if .optional }}
      optional: true
{{- end }}
{{- end -}}

{{/* The Kafka, store, database, identity and telemetry environment of a service container: (dict "root" $ "role" "api"). */}}
{{- define "csm.serviceEnv" -}}
{{- $v := .root.Values -}}
- name: CSM_ROLE
  value: {{ .role | quote }}
- name: CSM_NAMESPACE
  value: {{ $v.namespacePrefix | quote }}
- name: KAFKA_BROKERS
  value: {{ $v.kafka.brokers | quote }}
- name: KAFKA_SSL
  value: {{ $v.kafka.tls.enabled | quote }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret.name }}
- name: KAFKA_SSL_CA_FILE
  value: {{ printf "/etc/csm/kafka-ca/%s" $v.kafka.tls.caSecret.key | quote }}
{{- end }}
{{- if ne $v.kafka.sasl.mechanism "none" }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ $v.kafka.sasl.username | quote }}
{{ include "csm.secretEnv" (dict "name" "KAFKA_SASL_PASSWORD" "secretName" $v.kafka.sasl.passwordSecret.name "secretKey" $v.kafka.sasl.passwordSecret.key) }}
{{- end }}
- name: CSM_TOPIC_REPLICATION_FACTOR
  value: {{ $v.kafka.topics.replicationFactor | quote }}
{{- if gt (int $v.kafka.topics.minInsyncReplicas) (int $v.kafka.topics.replicationFactor) }}
{{- fail (printf "kafka.topics.minInsyncReplicas (%v) exceeds kafka.topics.replicationFactor (%v): no write could ever be acknowledged" $v.kafka.topics.minInsyncReplicas $v.kafka.topics.replicationFactor) }}
{{- end }}
{{- if gt (int $v.kafka.topics.minInsyncReplicas) 0 }}
- name: CSM_TOPIC_MIN_INSYNC_REPLICAS
  value: {{ $v.kafka.topics.minInsyncReplicas | quote }}
{{- end }}
{{- if eq $v.eventStore.kind "kurrentdb" }}
{{ include "csm.secretEnv" (dict "name" "ESDB_CONNECTION_STRING" "secretName" $v.eventStore.kurrentdb.connectionStringSecret.name "secretKey" $v.eventStore.kurrentdb.connectionStringSecret.key) }}
{{- else }}
- name: CSM_SQLITE_FILE
  value: {{ $v.eventStore.sqlite.path | quote }}
{{- end }}
{{ include "csm.secretEnv" (dict "name" "MONGODB_URI" "secretName" $v.mongodb.uriSecret.name "secretKey" $v.mongodb.uriSecret.key) }}
- name: OIDC_ISSUER
  value: {{ $v.oidc.issuer | quote }}
- name: OIDC_AUDIENCE
  value: {{ $v.oidc.audience | quote }}
{{ include "csm.secretEnv" (dict "name" "CSM_SUBJECT_ID_SECRET" "secretName" $v.secrets.subjectIdSecret.name "secretKey" $v.secrets.subjectIdSecret.key) }}
{{- end -}}

{{/* OTEL_EXPORTER_OTLP_ENDPOINT when an endpoint is set, NODE_EXTRA_CA_CERTS when a CA bundle is: (dict "root" $). */}}
{{- define "csm.telemetryEnv" -}}
{{- if .root.Values.trustedCa.configMap }}
- name: NODE_EXTRA_CA_CERTS
  value: {{ printf "/etc/csm/ca/%s" .root.Values.trustedCa.key | quote }}
{{- end }}
{{- if .root.Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .root.Values.telemetry.otlpEndpoint | quote }}
{{- end }}
{{- end -}}

{{/* What only one component reads: (dict "root" $ "key" "registration"). */}}
{{- define "csm.componentEnv" -}}
{{- $v := .root.Values -}}
{{- $db := $v.mongodb.databases -}}
{{- $fullname := include "csm.fullname" .root -}}
{{- if eq .key "registration" }}
- name: MONGODB_DATABASE
  value: {{ $db.registration | quote }}
- name: CSM_KEYS_DATABASE
  value: {{ $db.subjectKeys | quote }}
{{ include "csm.secretEnv" (dict "name" "CSM_KEK" "secretName" $v.secrets.kek.name "secretKey" $v.secrets.kek.key) }}
{{ include "csm.secretEnv" (dict "name" "CSM_KEK_PREVIOUS" "secretName" $v.secrets.kekPrevious.name "secretKey" $v.secrets.kekPrevious.key "optional" true) }}
{{- else if eq .key "proposals" }}
- name: MONGODB_DATABASE
  value: {{ $db.proposals | quote }}
- name: CSM_REGISTRATION_DATABASE
  value: {{ $db.registration | quote }}
{{- else if eq .key "countyPlans" }}
- name: MONGODB_DATABASE
  value: {{ $db.countyPlans | quote }}
- name: CSM_REGISTRATION_DATABASE
  value: {{ $db.registration | quote }}
- name: CSM_PROPOSALS_DATABASE
  value: {{ $db.proposals | quote }}
{{- if $v.countyPlans.iatiReportingOrgRef }}
- name: CSM_IATI_REPORTING_ORG_REF
  value: {{ $v.countyPlans.iatiReportingOrgRef | quote }}
{{- end }}
{{- else if eq .key "resources" }}
- name: MONGODB_DATABASE
  value: {{ $db.resources | quote }}
- name: CSM_REGISTRATION_DATABASE
  value: {{ $db.registration | quote }}
- name: CSM_LIBRARY_SEARCH
  value: {{ $v.resources.librarySearch | quote }}
{{- else if eq .key "portal" }}
- name: CSM_REGISTRATION_URL
  value: {{ printf "http://%s-registration.%s.svc:80" $fullname .root.Release.Namespace | quote }}
- name: CSM_PROPOSALS_URL
  value: {{ printf "http://%s-proposals.%s.svc:80" $fullname .root.Release.Namespace | quote }}
- name: CSM_COUNTY_PLANS_URL
  value: {{ printf "http://%s-county-plans.%s.svc:80" $fullname .root.Release.Namespace | quote }}
- name: CSM_RESOURCES_URL
  value: {{ printf "http://%s-resources.%s.svc:80" $fullname .root.Release.Namespace | quote }}
- name: OIDC_ISSUER
  value: {{ $v.oidc.issuer | quote }}
- name: CSM_PORTAL_CLIENT_ID
  value: {{ $v.oidc.portalClientId | quote }}
- name: CSM_PORTAL_URL
  value: {{ $v.portal.publicUrl | quote }}
{{ include "csm.secretEnv" (dict "name" "MONGODB_URI" "secretName" $v.mongodb.uriSecret.name "secretKey" $v.mongodb.uriSecret.key) }}
- name: CSM_PORTAL_DATABASE
  value: {{ $db.portal | quote }}
{{- end }}
{{- end -}}
