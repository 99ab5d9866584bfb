/**
 * LAN discovery over mDNS/DNS-SD with JmDNS: {@link dev.parley.discovery.JmdnsDiscovery} implements
 * {@code chat}'s {@link dev.parley.chat.Discovery} port; {@link dev.parley.discovery.InterfaceSelector}
 * chooses the interfaces; {@link dev.parley.discovery.Advertisement} is what we announce. Everything read
 * from the network is hostile input and is bounded and sanitised here before {@code chat} sees it.
 * May import {@code chat} and {@code identity} only.
 */
package dev.parley.discovery;
