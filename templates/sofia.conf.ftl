<#--
  sofia.conf for mod_sofia, over mod_xml_curl (section=configuration, key_value=sofia.conf).
  [=expr] is FreeMarker; ${...} and $${...} are FreeSWITCH's (vars.xml globals) and pass through as written.
  FreeSWITCH asks once with no "profile" (at load: every profile, each with its settings, or none starts),
  then with profile=<name> (profile start, rescan, startgw): then only that profile is answered.
  body: profile name -> gateways from Redis hash cti_gateway@<domain> (org.cticamel.sofia.SofiaGateway).
  Add or edit profiles here; a gateway lands in the profile its JSON names ("profile"), else "external".
-->
<#assign asked = headers.profile!"">
<#macro gateways profile>
      <gateways>
<#list body[profile]![] as gateway>
        <gateway name="[=gateway.name]">
<#list gateway.params as name, value>
          <param name="[=name]" value="[=value]"/>
</#list>
<#if gateway.variables?has_content>
          <variables>
<#list gateway.variables as variable>
            <variable name="[=variable.name]" value="[=variable.value]"<#if variable.direction??> direction="[=variable.direction]"</#if>/>
</#list>
          </variables>
</#if>
        </gateway>
</#list>
      </gateways>
</#macro>
<document type="freeswitch/xml">
  <section name="configuration">
    <configuration name="sofia.conf" description="sofia Endpoint">
      <global_settings>
        <param name="log-level" value="0"/>
        <param name="debug-presence" value="0"/>
      </global_settings>
      <profiles>
<#if asked == "" || asked == "internal">
        <#-- phones register here (vanilla internal.xml, abridged) -->
        <profile name="internal">
          <aliases/>
<@gateways "internal"/>
          <domains>
            <domain name="all" alias="true" parse="false"/>
          </domains>
          <settings>
            <param name="context" value="public"/>
            <param name="dialplan" value="XML"/>
            <param name="sip-port" value="$${internal_sip_port}"/>
            <param name="sip-ip" value="$${local_ip_v4}"/>
            <param name="rtp-ip" value="$${local_ip_v4}"/>
            <param name="ext-sip-ip" value="auto-nat"/>
            <param name="ext-rtp-ip" value="auto-nat"/>
            <param name="rfc2833-pt" value="101"/>
            <param name="dtmf-duration" value="2000"/>
            <param name="inbound-codec-prefs" value="$${global_codec_prefs}"/>
            <param name="outbound-codec-prefs" value="$${global_codec_prefs}"/>
            <param name="inbound-codec-negotiation" value="generous"/>
            <param name="rtp-timer-name" value="soft"/>
            <param name="rtp-timeout-sec" value="300"/>
            <param name="rtp-hold-timeout-sec" value="1800"/>
            <param name="hold-music" value="$${hold_music}"/>
            <param name="apply-nat-acl" value="nat.auto"/>
            <param name="apply-inbound-acl" value="domains"/>
            <param name="local-network-acl" value="localnet.auto"/>
            <param name="manage-presence" value="true"/>
            <param name="presence-hosts" value="$${domain},$${local_ip_v4}"/>
            <param name="auth-calls" value="true"/>
            <param name="inbound-reg-force-matching-username" value="true"/>
            <param name="auth-all-packets" value="false"/>
            <param name="nonce-ttl" value="60"/>
            <param name="log-auth-failures" value="true"/>
            <param name="challenge-realm" value="auto_from"/>
            <param name="force-register-domain" value="$${domain}"/>
            <param name="force-subscription-domain" value="$${domain}"/>
            <param name="force-register-db-domain" value="$${domain}"/>
          </settings>
        </profile>
</#if>
<#if asked == "" || asked == "external">
        <#-- trunks: gateways from Redis (vanilla external.xml, abridged) -->
        <profile name="external">
          <aliases/>
<@gateways "external"/>
          <domains>
            <domain name="all" alias="false" parse="false"/>
          </domains>
          <settings>
            <param name="context" value="public"/>
            <param name="dialplan" value="XML"/>
            <param name="sip-port" value="$${external_sip_port}"/>
            <param name="sip-ip" value="$${local_ip_v4}"/>
            <param name="rtp-ip" value="$${local_ip_v4}"/>
            <param name="ext-sip-ip" value="auto-nat"/>
            <param name="ext-rtp-ip" value="auto-nat"/>
            <param name="rfc2833-pt" value="101"/>
            <param name="dtmf-duration" value="2000"/>
            <param name="inbound-codec-prefs" value="$${global_codec_prefs}"/>
            <param name="outbound-codec-prefs" value="$${outbound_codec_prefs}"/>
            <param name="inbound-codec-negotiation" value="generous"/>
            <param name="inbound-late-negotiation" value="true"/>
            <param name="rtp-timer-name" value="soft"/>
            <param name="rtp-timeout-sec" value="300"/>
            <param name="rtp-hold-timeout-sec" value="1800"/>
            <param name="hold-music" value="$${hold_music}"/>
            <param name="local-network-acl" value="localnet.auto"/>
            <param name="manage-presence" value="false"/>
            <param name="auth-calls" value="false"/>
            <param name="nonce-ttl" value="60"/>
          </settings>
        </profile>
</#if>
      </profiles>
    </configuration>
  </section>
</document>
