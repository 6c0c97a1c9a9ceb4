/**
 * Base models and the strategies that turn one into a trainable graph: the catalogue, the pretrained
 * MobileNetV2 and the from-scratch presets, the transfer planner (frozen boundary, new head, per-layer
 * learning rates) and {@code auto}. Spring-free; imports {@code image}, {@code graph} and {@code validation}.
 * To add a base model: a {@code BaseModel} in {@code BaseModelCatalog}.
 */
package io.tenfold.transfer;
