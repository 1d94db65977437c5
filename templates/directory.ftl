<#--
  The answer to a directory user lookup (mod_xml_curl, section=directory).
  [=expr] is FreeMarker; ${...} and $${...} are FreeSWITCH's and pass through as written.
  body is a DirectoryUser: domain, id, and params / variables / attributes (maps of strings).
  Every [=...] value is XML-escaped.
-->
<document type="freeswitch/xml">
  <section name="directory">
    <domain name="[=body.domain]">
      <params>
        <#-- what user/<ext>@<domain> dials; an extension's own "dial-string" param takes precedence -->
        <param name="dial-string" value="{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}"/>
      </params>
      <users>
        <user id="[=body.id]"<#list body.attributes as name, value> [=name]="[=value]"</#list>>
          <params>
<#list body.params as name, value>
            <param name="[=name]" value="[=value]"/>
</#list>
          </params>
<#if body.variables?has_content>
          <variables>
<#list body.variables as name, value>
            <variable name="[=name]" value="[=value]"/>
</#list>
          </variables>
</#if>
        </user>
      </users>
    </domain>
  </section>
</document>
