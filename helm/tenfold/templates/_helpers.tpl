{{/* The chart's name. */}}
{{- define "tenfold.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, the prefix of every object's name. */}}
{{- define "tenfold.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tenfold.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tenfold.labels" -}}
helm.sh/chart: {{ include "tenfold.chart" . }}
{{ include "tenfold.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "tenfold.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tenfold.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component (api or worker): call with (dict "root" $ "component" "api"). */}}
{{- define "tenfold.componentLabels" -}}
{{ include "tenfold.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tenfold.componentSelectorLabels" -}}
{{ include "tenfold.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tenfold.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tenfold.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image of a variant: call with (dict "root" $ "variant" "cpu"|"gpu"). */}}
{{- define "tenfold.image" -}}
{{- $v := .root.Values.image }}
{{- $tag := ternary $v.gpuTag $v.cpuTag (eq .variant "gpu") }}
{{- printf "%s:%s" $v.repository (default (printf "%s-%s" .root.Chart.AppVersion .variant) $tag) }}
{{- end }}

{{/* The chart's own Secret: holds whatever no existingSecret provides. */}}
{{- define "tenfold.secretName" -}}
{{- include "tenfold.fullname" . }}
{{- end }}

{{- define "tenfold.s3CredentialsFromChart" -}}
{{- if and (not .Values.storage.s3.existingSecret) (or .Values.storage.s3.accessKeyId .Values.storage.s3.secretAccessKey) }}true{{ end }}
{{- end }}

{{- define "tenfold.needsChartSecret" -}}
{{- if or (not .Values.database.existingSecret) (not .Values.security.adminKey.existingSecret) (include "tenfold.s3CredentialsFromChart" .) }}true{{ end }}
{{- end }}

{{/*
A Kubernetes memory quantity in bytes: a whole number, optionally with Ki, Mi, Gi, Ti, k, M, G or T.
*/}}
{{- define "tenfold.bytes" -}}
{{- $q := . }}
{{- if kindIs "float64" $q }}{{ $q = int64 $q }}{{ end }}
{{- $q = toString $q }}
{{- $number := regexFind "^[0-9]+" $q }}
{{- $suffix := trimPrefix $number $q }}
{{- $units := dict "" 1 "k" 1000 "K" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 }}
{{- if or (not $number) (not (hasKey $units $suffix)) }}
{{- fail (printf "cannot read the memory quantity %q: give a whole number with Ki, Mi, Gi, Ti, k, M, G or T" $q) }}
{{- end }}
{{- mul (int64 $number) (get $units $suffix) }}
{{- end }}

{{/*
The JVM and JavaCPP memory settings of a component, from its memory limit: call with
(dict "root" $ "component" .Values.api "name" "api").
*/}}
{{- define "tenfold.memoryEnv" -}}
{{- $jvm := .root.Values.jvm }}
{{- $limit := dig "resources" "limits" "memory" "" .component }}
{{- if not $limit }}
{{- fail (printf "%s.resources.limits.memory is required: the heap and ND4J's off-heap caps are sized from it" .name) }}
{{- end }}
{{- $bytes := include "tenfold.bytes" $limit | int64 }}
{{- $heap := int $jvm.maxRamPercentage }}
{{- $native := int $jvm.javacppMaxBytesPercent }}
{{- $physical := int $jvm.javacppMaxPhysicalBytesPercent }}
{{- if or (gt (add $heap $native) $physical) (ge $physical 100) }}
{{- fail (printf "jvm: heap %d%% + off-heap %d%% must not exceed the process cap %d%%, which must stay below 100%%" $heap $native $physical) }}
{{- end }}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-XX:InitialRAMPercentage=%d -XX:MaxRAMPercentage=%d -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp %s" $heap $heap $jvm.extraOptions | trim | quote }}
- name: JAVACPP_MAXBYTES
  value: {{ default (toString (div (mul $bytes $native) 100)) .component.javacpp.maxBytes | quote }}
- name: JAVACPP_MAXPHYSICALBYTES
  value: {{ default (toString (div (mul $bytes $physical) 100)) .component.javacpp.maxPhysicalBytes | quote }}
- name: JAVACPP_CACHE_DIR
  value: /var/cache/tenfold/javacpp
{{- end }}

{{/* Environment variables from Secrets, the same for both components. */}}
{{- define "tenfold.secretEnv" -}}
{{- $db := .Values.database }}
{{- $s3 := .Values.storage.s3 }}
{{- $admin := .Values.security.adminKey }}
{{- if and $db.existingSecret $db.existingSecretUsernameKey }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret }}
      key: {{ $db.existingSecretUsernameKey }}
{{- end }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "tenfold.secretName" .) $db.existingSecret }}
      key: {{ ternary $db.existingSecretPasswordKey "database-password" (ne $db.existingSecret "") }}
{{- if or $s3.existingSecret (include "tenfold.s3CredentialsFromChart" .) }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ default (include "tenfold.secretName" .) $s3.existingSecret }}
      key: {{ ternary $s3.existingSecretAccessKeyIdKey "s3-access-key-id" (ne $s3.existingSecret "") }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "tenfold.secretName" .) $s3.existingSecret }}
      key: {{ ternary $s3.existingSecretSecretAccessKeyKey "s3-secret-access-key" (ne $s3.existingSecret "") }}
{{- end }}
- name: TENFOLD_SECURITY_ADMIN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "tenfold.secretName" .) $admin.existingSecret }}
      key: {{ ternary $admin.existingSecretKey "admin-key" (ne $admin.existingSecret "") }}
{{- end }}

{{/* Probes on the actuator's health groups, the same for both components. */}}
{{- define "tenfold.probes" -}}
{{- $p := .Values.probes }}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.startup.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{- define "tenfold.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: javacpp-cache
  mountPath: /var/cache/tenfold/javacpp
- name: data
  mountPath: {{ .Values.config.dataDir }}
{{- end }}

{{- define "tenfold.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.volumes.tmp.sizeLimit }}
- name: javacpp-cache
  emptyDir:
    sizeLimit: {{ .Values.volumes.javacppCache.sizeLimit }}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.volumes.data.sizeLimit }}
{{- end }}

{{/* Pod annotations that roll the pods when the configuration or the chart's Secret changes. */}}
{{- define "tenfold.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
